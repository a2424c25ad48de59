import type { TFunction } from 'i18next';
import { translateMessage } from '../../../src-main/contract/locales/messages';
import { pickLanguage } from '../../../src-main/contract/locales';
import { liveState } from '../lib/run-state';
import { relativeTime } from '../lib/relative-time';
import type { LastOutcome, Run } from '../stores/runs-store';

/** The one-line outcome shown in list rows. */
export function outcomeText(t: TFunction, outcome: LastOutcome | undefined, language = 'en'): string {
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
        reason: outcome.diagnosis
          ? t(`diagnostics:classes.${outcome.diagnosis}.title`)
          : outcome.message !== undefined
            ? translateMessage(outcome.message, pickLanguage(language)).text
            : '',
      });
  }
}

export type StatusKind = 'running' | 'open' | 'ok' | 'failed' | 'cancelled' | 'never';

export interface ProfileStatus {
  kind: StatusKind;
  text: string;
  /** "5 minutes ago", for a finished outcome. */
  when?: string;
}

/** Status at a glance: a door open or a run in progress first, else the last outcome and when. */
export function profileStatus(t: TFunction, language: string, now: number, run: Run | undefined, last: LastOutcome | undefined): ProfileStatus {
  const live = liveState(run);
  if (live?.kind === 'open') return { kind: 'open', text: t('status.open') };
  if (live?.kind === 'running') {
    const { stage } = live;
    const text =
      stage.kind === 'knock'
        ? t('status.knock', { index: stage.index, total: stage.total })
        : stage.kind === 'waiting'
          ? t('status.waiting', { port: stage.port })
          : t(`status.${stage.kind}`);
    return { kind: 'running', text };
  }
  if (!last) return { kind: 'never', text: t('outcome.never') };
  const kind: StatusKind = last.kind === 'failed' ? 'failed' : last.kind === 'cancelled' ? 'cancelled' : 'ok';
  return { kind, text: outcomeText(t, last, language), when: relativeTime(last.at, now, language) };
}
