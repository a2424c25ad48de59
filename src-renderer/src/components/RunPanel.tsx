import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import { DiagnosisCard } from './DiagnosisCard';
import { MessageView } from './MessageView';
import { StageTimeline } from './StageTimeline';

/** The live run of one profile: timeline, Cancel, and the diagnosis card when it failed. */
export function RunPanel({ profileId, host, knownSteps }: { profileId: string; host: string | undefined; knownSteps: number | undefined }) {
  const { t } = useTranslation();
  const { runs } = useStores();
  const run = useStore(runs, (s) => s.runs[profileId]);
  const cancel = useStore(runs, (s) => s.cancel);
  const dismiss = useStore(runs, (s) => s.dismiss);
  if (!run) return null;
  return (
    <section className="run-panel" aria-label={run.mode === 'test' ? t('timeline.testLabel') : t('timeline.label')}>
      <StageTimeline run={run} knownSteps={knownSteps} />
      <div className="actions">
        {run.status === 'running' ? (
          <button type="button" onClick={() => void cancel(profileId)}>
            {t('detail.cancel')}
          </button>
        ) : (
          <button type="button" className="secondary" onClick={() => dismiss(profileId)}>
            {t('detail.dismiss')}
          </button>
        )}
      </div>
      <div role="status" className="run-result" data-testid="run-result">
        {run.status === 'open' && run.msToOpen !== undefined ? t('timeline.resultOpen', { ms: Math.round(run.msToOpen) }) : null}
        {run.status === 'launched' ? t('timeline.resultLaunched') : null}
        {run.status === 'cancelled' ? t('timeline.resultCancelled') : null}
        {run.status === 'failed' && run.error ? (
          <>
            {t('timeline.failedPrefix')} <MessageView message={run.error.message} code={run.error.code} />
          </>
        ) : null}
        {run.status === 'failed' && !run.error && run.diagnosis
          ? t('timeline.failedWith', { message: t(`diagnostics:classes.${run.diagnosis.class}.title`) })
          : null}
      </div>
      {run.status === 'failed' && run.diagnosis ? <DiagnosisCard diagnosis={run.diagnosis} host={host} /> : null}
    </section>
  );
}
