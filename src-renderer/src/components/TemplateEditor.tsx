import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useMessageText } from '../i18n/use-message-text';
import { useStores } from '../stores-context';
import { templateLines } from '../stores/profile-draft';

/** "customTemplate.2: …" → line 3 and the message without its path (the field is this editor). */
function splitProblem(field: string, message: string): { line?: number; message: string } {
  const index = /^customTemplate\.(\d+)$/.exec(field)?.[1];
  const prefix = `${field}: `;
  const rest = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  return index !== undefined ? { line: Number(index) + 1, message: rest } : { message: rest };
}

/**
 * The custom client's command: one argument per line (an argv array, never a
 * shell string), the placeholders the launcher accepts, and a live preview of
 * the argv main builds from it with the launcher's own code.
 */
export function TemplateEditor() {
  const { t } = useTranslation();
  const id = useId();
  const { editor } = useStores();
  const text = useStore(editor, (s) => s.draft.customTemplateText);
  const host = useStore(editor, (s) => s.draft.host);
  const port = useStore(editor, (s) => s.draft.servicePort);
  const user = useStore(editor, (s) => s.draft.user);
  const family = useStore(editor, (s) => s.draft.addressFamily);
  const preview = useStore(editor, (s) => s.templatePreview);
  const schemaIssue = useStore(editor, (s) => (s.showAllIssues || s.touched.has('customTemplate') ? (s.issues.customTemplate ?? s.issues[Object.keys(s.issues).find((k) => k.startsWith('customTemplate.')) ?? '']) : undefined));
  const messageText = useMessageText();

  // Debounced: a keystroke's preview would be stale by the next one.
  useEffect(() => {
    const timer = setTimeout(() => void editor.getState().previewTemplate(), 120);
    return () => clearTimeout(timer);
  }, [editor, text, host, port, user, family]);

  const lines = templateLines(text);
  const problem = preview?.problem ? splitProblem(preview.problem.field, preview.problem.message) : undefined;
  const insert = (placeholder: string) => {
    const next = text === '' || text.endsWith('\n') ? `${text}${placeholder}` : `${text}\n${placeholder}`;
    editor.getState().update({ customTemplateText: next });
  };
  const shownProblem = problem && lines.length > 0 ? problem : undefined;
  const problemText = shownProblem ? messageText(shownProblem.message).text : schemaIssue ? messageText(schemaIssue).text : undefined;

  return (
    <div className="template-editor" data-testid="template-editor">
      <label htmlFor={`${id}-t`}>{t('template.label')}</label>
      <p className="hint" id={`${id}-h`}>
        {t('template.help')}
      </p>
      <textarea
        id={`${id}-t`}
        className="mono"
        rows={Math.min(10, Math.max(4, lines.length + 1))}
        spellCheck={false}
        autoCapitalize="off"
        aria-describedby={`${id}-h${problemText ? ` ${id}-e` : ''}`}
        aria-invalid={Boolean(problemText)}
        value={text}
        onChange={(e) => editor.getState().update({ customTemplateText: e.target.value })}
        onBlur={() => editor.getState().touch('customTemplate')}
      />
      <div className="placeholders" role="group" aria-label={t('template.placeholders')}>
        <span className="hint">{t('template.placeholders')}:</span>
        {(preview?.placeholders ?? []).map((p) => (
          <button key={p} type="button" className="small chip" title={t(`template.meaning.${p.slice(1, -1)}`)} aria-label={t('template.insert', { placeholder: p, meaning: t(`template.meaning.${p.slice(1, -1)}`) })} onClick={() => insert(p)}>
            <code translate="no">{p}</code>
          </button>
        ))}
      </div>
      {problemText ? (
        <p id={`${id}-e`} className="field-error" role="alert">
          {shownProblem?.line !== undefined ? `${t('template.line', { line: shownProblem.line })} ` : ''}
          {problemText}
        </p>
      ) : null}
      {preview?.argv && lines.length > 0 ? (
        <div className="argv-preview" data-testid="argv-preview">
          <p className="hint">{t('template.preview')}</p>
          <ol className="argv">
            {preview.argv.map((part, i) => (
              <li key={i} className={`argv-part argv-${part.state}`} data-state={part.state}>
                <code translate="no">{part.text}</code>
                {part.state === 'atConnect' ? <span className="hint"> {t('template.atConnect')}</span> : null}
                {part.state === 'missing' ? <span className="field-error"> {t('template.missing')}</span> : null}
              </li>
            ))}
          </ol>
          <p className="hint">{t('template.noShell')}</p>
        </div>
      ) : null}
    </div>
  );
}
