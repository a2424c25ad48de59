import type { TFunction } from 'i18next';
import type { LastOutcome } from '../stores/runs-store';

/** The one-line outcome shown in list rows. */
export function outcomeText(t: TFunction, outcome: LastOutcome | undefined): string {
  if (!outcome) return t('outcome.never');
  switch (outcome.kind) {
    case 'open':
      return outcome.ms !== undefined ? t('outcome.opened', { ms: Math.round(outcome.ms) }) : t('outcome.openedNoMs');
    case 'launched':
      return outcome.ms !== undefined ? t('outcome.launched', { ms: Math.round(outcome.ms) }) : t('outcome.launchedNoMs');
    case 'cancelled':
      return t('outcome.cancelled');
    case 'failed':
      return t('outcome.failed', {
        reason: outcome.diagnosis ? t(`diagnostics:classes.${outcome.diagnosis}.title`) : (outcome.message ?? ''),
      });
  }
}
