import { useTranslation } from 'react-i18next';
import { useValidationText } from '../i18n/use-validation-text';
import type { DraftStep } from '../lib/sequence-text';

type Encoding = 'none' | 'text' | 'hex';

/**
 * The bytes a UDP knock carries (fwknop-style or custom knock servers read
 * them). Text is sent as UTF-8; hex may be typed with spaces or colons
 * ("de ad be ef"). The contract's udpPayloadSchema checks it, through the
 * draft's validation, and its message lands here.
 */
export function StepPayload({
  step,
  index,
  error,
  errorId,
  onChange,
}: {
  step: DraftStep;
  index: number;
  error: string | undefined;
  errorId: string;
  onChange(payload: DraftStep['payload']): void;
}) {
  const { t } = useTranslation();
  const message = useValidationText()(error);
  const payload = step.payload;
  const encoding: Encoding = payload?.encoding ?? 'none';
  const hex = payload?.encoding === 'hex' ? payload.data.replace(/[\s:]/g, '') : '';
  const bytes = payload ? (payload.encoding === 'hex' ? (/^(?:[0-9a-fA-F]{2})*$/.test(hex) ? hex.length / 2 : undefined) : new TextEncoder().encode(payload.data).length) : undefined;
  return (
    <div className="step-payload">
      <select
        aria-label={t('sequence.payloadKind', { index })}
        value={encoding}
        onChange={(e) => {
          const next = e.target.value as Encoding;
          onChange(next === 'none' ? undefined : { encoding: next, data: payload?.data ?? '' });
        }}
      >
        <option value="none">{t('sequence.payloadNone')}</option>
        <option value="text">{t('sequence.payloadText')}</option>
        <option value="hex">{t('sequence.payloadHex')}</option>
      </select>
      {payload ? (
        <input
          type="text"
          spellCheck={false}
          className={payload.encoding === 'hex' ? 'mono' : undefined}
          aria-label={t('sequence.payload', { index })}
          aria-invalid={Boolean(message)}
          aria-describedby={message ? errorId : undefined}
          placeholder={payload.encoding === 'hex' ? 'DE AD BE EF' : ''}
          value={payload.data}
          onChange={(e) => onChange({ encoding: payload.encoding, data: e.target.value })}
        />
      ) : null}
      {payload && bytes !== undefined && !message ? <span className="hint">{t('sequence.payloadBytes', { count: bytes })}</span> : null}
      {message ? (
        <span id={errorId} className="field-error">
          {message}
        </span>
      ) : null}
    </div>
  );
}
