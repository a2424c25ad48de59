import { useTranslation } from 'react-i18next';
import type { KnockStep } from '../../../src-main/contract/schemas/common';

/** Bytes a UDP payload carries, as the knock engine will send them (hex: two digits a byte). */
export function payloadBytes(payload: NonNullable<KnockStep['payload']>): number {
  return payload.encoding === 'hex' ? payload.data.length / 2 : new TextEncoder().encode(payload.data).length;
}

/**
 * A knock sequence drawn as the steps it sends, in order, each with its port,
 * protocol and payload, ending at the port that opens (when given).
 */
export function DoorSteps({ steps, label, opens }: { steps: readonly KnockStep[]; label: string; opens?: number | undefined }) {
  const { t } = useTranslation();
  return (
    <ol className="door-steps" aria-label={label}>
      {steps.map((step, i) => (
        <li key={i} className={`door-step proto-${step.protocol}`}>
          <span className="door-step-n" aria-hidden="true">
            {i + 1}
          </span>
          <span className="sr-only">{t('door.stepLabel', { index: i + 1 })}</span>
          <span className="door-step-port">{step.port}</span>
          <span className="door-step-proto">{step.protocol === 'udp' ? 'UDP' : 'TCP'}</span>
          {step.payload ? (
            <span className="door-step-payload">
              {t(step.payload.encoding === 'hex' ? 'door.payloadHex' : 'door.payloadText', { count: payloadBytes(step.payload) })}
            </span>
          ) : null}
        </li>
      ))}
      {opens !== undefined ? (
        <li className="door-target">
          <span className="door-target-label">{t('door.opens', { port: opens })}</span>
        </li>
      ) : null}
    </ol>
  );
}
