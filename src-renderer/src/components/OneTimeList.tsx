import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useValidationText } from '../i18n/use-validation-text';
import { formatSequence, parseSequenceText, type DraftStep } from '../lib/sequence-text';

type Entry = { steps: DraftStep[]; usedAt?: number };

/** One-time sequences: shown in order with their used state; added by pasting one sequence per line. */
export function OneTimeList({ entries, onChange, issues }: { entries: Entry[]; onChange(entries: Entry[]): void; issues: Record<string, string> }) {
  const { t } = useTranslation();
  const validationText = useValidationText();
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | undefined>();
  const add = () => {
    const added: Entry[] = [];
    for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
      const parsed = parseSequenceText(line);
      if (!parsed.ok) {
        setError(t(`sequence.errors.${parsed.error.key}`, { token: parsed.error.token }));
        return;
      }
      added.push({ steps: parsed.value.steps });
    }
    onChange([...entries, ...added]);
    setText('');
    setError(undefined);
  };
  const listError = validationText(Object.entries(issues).find(([path]) => path.startsWith('oneTimeSequences'))?.[1]);
  return (
    <fieldset className="one-time">
      <legend>{t('editor.oneTime')}</legend>
      <p className="hint">{t('editor.oneTimeHelp')}</p>
      {entries.length === 0 ? (
        <p className="hint">{t('editor.oneTimeEmpty')}</p>
      ) : (
        <ol className="one-time-list">
          {entries.map((entry, i) => (
            <li key={i} className={entry.usedAt !== undefined ? 'used' : undefined}>
              <span>{t('editor.oneTimeEntry', { index: i + 1, steps: formatSequence(entry.steps) })}</span>
              {entry.usedAt !== undefined ? <span className="badge">{t('editor.oneTimeUsed')}</span> : null}
              <button
                type="button"
                className="icon"
                aria-label={t('editor.oneTimeRemove', { index: i + 1 })}
                onClick={() => onChange(entries.filter((_, j) => j !== i))}
              >
                ✕
              </button>
            </li>
          ))}
        </ol>
      )}
      {listError ? <p className="field-error">{listError}</p> : null}
      <label htmlFor={`${id}-add`}>{t('editor.oneTimeInput')}</label>
      <textarea id={`${id}-add`} rows={3} spellCheck={false} value={text} onChange={(e) => setText(e.target.value)} />
      {error ? (
        <p role="alert" className="field-error">
          {error}
        </p>
      ) : null}
      <button type="button" className="secondary" disabled={text.trim() === ''} onClick={add}>
        {t('editor.oneTimeAdd')}
      </button>
    </fieldset>
  );
}
