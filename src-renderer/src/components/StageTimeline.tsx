import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { pickLanguage } from '../../../src-main/contract/locales';
import { translateMessage } from '../../../src-main/contract/locales/messages';
import type { Run } from '../stores/runs-store';

type StageState = 'done' | 'active' | 'pending' | 'failed';
interface Stage {
  key: string;
  state: StageState;
  text: string;
}

/** Turns a run's events into the fixed list of stages the user watches fill in. */
export function stagesOf(run: Run, t: TFunction, now: number, knownSteps: number | undefined, language = 'en'): Stage[] {
  const stages: Stage[] = [];
  const find = <K extends Run['events'][number]['kind']>(kind: K) =>
    run.events.find((e) => e.kind === kind) as Extract<Run['events'][number], { kind: K }> | undefined;
  const failedAt = run.diagnosis?.stage ?? (run.status === 'failed' ? 'unknown' : undefined);
  const live = run.status === 'running';
  // The stage a failure or cancel happened in is the first one not done.
  const openState = (done: boolean, failedHere: boolean): StageState =>
    done ? 'done' : failedHere ? 'failed' : 'pending';

  const resolved = find('resolved');
  stages.push({
    key: 'resolve',
    state: openState(Boolean(resolved), failedAt === 'resolve'),
    text: resolved ? t('timeline.resolved', { host: resolved.host, address: resolved.address }) : t('timeline.resolving'),
  });

  const steps = run.events.filter((e): e is Extract<Run['events'][number], { kind: 'step' }> => e.kind === 'step');
  const total = steps[0]?.total ?? knownSteps ?? 0;
  for (let i = 1; i <= total; i += 1) {
    const step = steps.find((s) => s.index === i);
    stages.push({
      key: `knock-${i}`,
      state: openState(Boolean(step), failedAt === 'knock' && !step && steps.length === i - 1),
      text: step
        ? t('timeline.knock', { index: i, total, port: step.port, protocol: step.protocol })
        : t('timeline.knockPending', { index: i, total }),
    });
  }

  const waiting = find('waiting');
  const open = find('open');
  const seconds = run.waitingSince !== undefined ? ((now - run.waitingSince) / 1000).toFixed(1) : '0.0';
  stages.push({
    key: 'wait',
    state: open ? 'done' : failedAt === 'wait' || failedAt === 'probe' ? 'failed' : waiting ? 'done' : 'pending',
    text: waiting
      ? live && !open
        ? t('timeline.waitingElapsed', { port: waiting.port, seconds })
        : t('timeline.waiting', { port: waiting.port })
      : t('timeline.waitingPending'),
  });
  const msToOpen = open?.msFromFirstKnock ?? (run.status === 'open' || run.status === 'launched' ? run.msToOpen : undefined);
  stages.push({
    key: 'open',
    state: msToOpen !== undefined ? 'done' : 'pending',
    text: msToOpen !== undefined ? t('timeline.open', { ms: Math.round(msToOpen) }) : t('timeline.openPending'),
  });

  if (run.mode === 'connect') {
    const ftp = find('ftp-mode');
    if (ftp) stages.push({ key: 'ftp', state: 'done', text: t('timeline.ftpMode', { mode: t(`editor.ftpModes.${ftp.mode}`) }) });
    const launched = find('launched');
    stages.push({
      key: 'launch',
      state: launched || run.status === 'launched' ? 'done' : run.status === 'failed' && msToOpen !== undefined ? 'failed' : 'pending',
      text: launched ? t('timeline.launched', { client: t(`editor.clients.${launched.client}`) }) : t('timeline.launchedPending'),
    });
    // ssh asked Sesame's helper for a login it does not hold (a ProxyJump hop, a foreign prompt): nothing was sent.
    const refused = find('prompt-refused');
    if (refused) stages.push({ key: 'prompt-refused', state: 'failed', text: t('timeline.promptRefused', { prompt: refused.prompt }) });
    if (find('client-exited')) stages.push({ key: 'exited', state: 'done', text: t('timeline.clientExited') });
    const closed = find('closed');
    if (closed) stages.push({ key: 'closed', state: 'done', text: t('timeline.closed', { steps: closed.steps }) });
    // After a launch, an error is about the close sequence: the door may still be open.
    const late = find('error');
    if (late && find('launched')) stages.push({ key: 'close-failed', state: 'failed', text: translateMessage(late.message, pickLanguage(language)).text });
  }
  if (run.status === 'cancelled') stages.push({ key: 'cancelled', state: 'failed', text: t('timeline.cancelled') });

  // While running, the first stage not yet done is the one in progress.
  if (live) {
    const next = stages.find((s) => s.state === 'pending');
    if (next) next.state = 'active';
  }
  return stages;
}

export function StageTimeline({ run, knownSteps }: { run: Run; knownSteps: number | undefined }) {
  const { t, i18n } = useTranslation();
  const [now, setNow] = useState(() => Date.now());
  const waiting = run.status === 'running' && run.waitingSince !== undefined;

  // Ticks only while the port is awaited, for the live elapsed counter.
  useEffect(() => {
    if (!waiting) return;
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [waiting]);

  const stages = stagesOf(run, t, now, knownSteps, i18n.language);
  const current = stages.find((s) => s.state === 'active' || s.state === 'failed') ?? stages[stages.length - 1];
  return (
    <div className="timeline-wrap">
      <ol className="timeline" aria-label={run.mode === 'test' ? t('timeline.testLabel') : t('timeline.label')} data-testid="timeline">
        {stages.map((stage) => (
          <li key={stage.key} className={`stage stage-${stage.state}`} data-stage={stage.key} data-state={stage.state}>
            <span className="stage-dot" aria-hidden="true" />
            <span className="stage-text">{stage.text}</span>
            <span className="sr-only"> ({t(`timeline.state.${stage.state}`)})</span>
          </li>
        ))}
      </ol>
      {/* Announces stage changes without re-reading the whole list; the elapsed counter is left out on purpose. */}
      <p className="sr-only" aria-live="polite">
        {current && current.key !== 'wait' ? current.text : ''}
      </p>
    </div>
  );
}
