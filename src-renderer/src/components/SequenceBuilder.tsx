import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useValidationText } from '../i18n/use-validation-text';
import { formatSequence, parseSequenceText, type DraftStep, type ParsedSequence } from '../lib/sequence-text';
import { StepPayload } from './StepPayload';

/**
 * Edits an ordered list of knock steps. Order matters to knockd, so moving is
 * by explicit up/down buttons (keyboard- and screen-reader-friendly) rather
 * than drag and drop. Pasting accepts knockd's "7000,8000:udp" or a whole
 * `knock` command line; its host and delay are offered back through onParsed.
 */
function withPayload(step: DraftStep, payload: DraftStep['payload']): DraftStep {
  const { payload: _old, ...rest } = step;
  return payload ? { ...rest, payload } : rest;
}

export function SequenceBuilder({
  label,
  steps,
  issues,
  pathPrefix,
  onChange,
  onParsed,
}: {
  label: string;
  steps: DraftStep[];
  issues: Record<string, string>;
  /** Where this sequence's schema messages live, e.g. "knock.steps". */
  pathPrefix: string;
  onChange(steps: DraftStep[]): void;
  onParsed?(parsed: ParsedSequence): void;
}) {
  const { t } = useTranslation();
  const validationText = useValidationText();
  const id = useId();
  const [paste, setPaste] = useState('');
  const [pasteMessage, setPasteMessage] = useState<{ error: boolean; text: string } | undefined>();
  const setStep = (index: number, patch: Partial<DraftStep>) =>
    onChange(steps.map((s, i) => (i === index ? { ...s, ...patch } : s)));
  const move = (index: number, by: number) => {
    const next = [...steps];
    const [item] = next.splice(index, 1);
    if (item) next.splice(index + by, 0, item);
    onChange(next);
  };
  const listError = validationText(issues[pathPrefix]);

  const applyPaste = () => {
    const result = parseSequenceText(paste);
    if (!result.ok) {
      setPasteMessage({ error: true, text: t(`sequence.errors.${result.error.key}`, { token: result.error.token }) });
      return;
    }
    onChange(result.value.steps);
    onParsed?.(result.value);
    setPaste('');
    setPasteMessage({ error: false, text: t('sequence.applied', { steps: formatSequence(result.value.steps) }) });
  };

  return (
    <fieldset className="sequence">
      <legend>{label}</legend>
      {steps.length === 0 ? <p className="hint">{t('sequence.empty')}</p> : null}
      <ol className="steps">
        {steps.map((step, i) => {
          const n = i + 1;
          const portError = validationText(issues[`${pathPrefix}.${i}.port`] ?? issues[`${pathPrefix}.${i}`]);
          return (
            <li key={i} className="step">
              <span className="step-index" aria-hidden="true">
                {n}
              </span>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={65535}
                aria-label={t('sequence.port', { index: n })}
                aria-invalid={Boolean(portError)}
                aria-describedby={portError ? `${id}-e${i}` : undefined}
                value={Number.isNaN(step.port) ? '' : step.port}
                onChange={(e) => setStep(i, { port: e.target.value === '' ? NaN : Number(e.target.value) })}
              />
              <select
                aria-label={t('sequence.protocol', { index: n })}
                value={step.protocol}
                onChange={(e) => setStep(i, { protocol: e.target.value as 'tcp' | 'udp' })}
              >
                <option value="tcp">TCP</option>
                <option value="udp">UDP</option>
              </select>
              <button type="button" className="icon" aria-label={t('sequence.moveUp', { index: n })} disabled={i === 0} onClick={() => move(i, -1)}>
                ↑
              </button>
              <button
                type="button"
                className="icon"
                aria-label={t('sequence.moveDown', { index: n })}
                disabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </button>
              <button type="button" className="icon" aria-label={t('sequence.remove', { index: n })} onClick={() => onChange(steps.filter((_, j) => j !== i))}>
                ✕
              </button>
              {portError ? (
                <span id={`${id}-e${i}`} className="field-error">
                  {portError}
                </span>
              ) : null}
              {/* Shown for a TCP step too while it still has a payload, so the schema's "UDP only" message can be acted on. */}
              {step.protocol === 'udp' || step.payload ? (
                <StepPayload
                  step={step}
                  index={n}
                  errorId={`${id}-p${i}`}
                  error={issues[`${pathPrefix}.${i}.payload.data`] ?? issues[`${pathPrefix}.${i}.payload`]}
                  onChange={(payload) => onChange(steps.map((s, j) => (j === i ? withPayload(s, payload) : s)))}
                />
              ) : null}
            </li>
          );
        })}
      </ol>
      {listError ? <p className="field-error">{listError}</p> : null}
      <button
        type="button"
        className="secondary"
        onClick={() => onChange([...steps, { port: (steps[steps.length - 1]?.port ?? 6999) + 1, protocol: 'tcp' }])}
      >
        {t('sequence.add')}
      </button>
      <div className="paste-row">
        <label htmlFor={`${id}-paste`}>{t('sequence.paste')}</label>
        <div className="inline">
          <input
            id={`${id}-paste`}
            type="text"
            spellCheck={false}
            placeholder={t('sequence.pastePlaceholder')}
            value={paste}
            onChange={(e) => setPaste(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                applyPaste();
              }
            }}
          />
          <button type="button" className="secondary" disabled={paste.trim() === ''} onClick={applyPaste}>
            {t('sequence.apply')}
          </button>
        </div>
        {pasteMessage ? (
          <p role={pasteMessage.error ? 'alert' : 'status'} className={pasteMessage.error ? 'field-error' : 'hint'}>
            {pasteMessage.text}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}
