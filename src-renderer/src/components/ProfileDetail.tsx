import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ContractError, MethodResponse } from '../../../src-main/contract';
import { doorTimeoutOf, type Profile } from '../../../src-main/contract/features/profiles';
import { connectCommand } from '../lib/cli-command';
import { useNow } from '../lib/use-now';
import { useStores } from '../stores-context';
import { CommandLine } from './CommandLine';
import { DoorLine } from './DoorCountdown';
import { DoorSteps } from './DoorSteps';
import { ErrorBanner } from './MessageView';
import { profileStatus } from './outcome-text';
import { RecentRuns } from './RecentRuns';
import { RunPanel } from './RunPanel';
import { ServerConfigPanel } from './ServerConfigPanel';

type ClientInfo = MethodResponse<'describeClient'>;

/** "OpenSSH in xterm", or why nothing would open. */
function ClientLine({ info, profile }: { info: ClientInfo | undefined; profile: Profile }) {
  const { t } = useTranslation();
  if (!info) return <>{t('common.loading')}</>;
  if (!info.client) return <span className="status-text-failed">{t('detail.noClient', { service: t(`editor.services.${profile.service.kind}`) })}</span>;
  const client = t(`editor.clients.${info.client}`);
  const terminal = info.terminal ? t(`settings.terminals.${info.terminal}`) : undefined;
  return (
    <>
      {terminal ? t('detail.clientIn', { client, terminal }) : client}
      <span className="hint"> · {t(`detail.clientSource.${info.source}`)}</span>
    </>
  );
}

/** One labelled fact in a detail card. */
function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** Whether a secret is in the keychain (never the secret: main only says yes or no). */
function SecretFact({ label, stored }: { label: string; stored: boolean }) {
  const { t } = useTranslation();
  return (
    <Fact label={label}>
      <span className={stored ? 'stored' : 'hint'}>{stored ? t('editor.secretStored') : t('editor.secretNotStored')}</span>
    </Fact>
  );
}

/**
 * The selected profile at a glance: its door drawn as steps, what opens and
 * with which client, which secrets are stored, its last runs with timings and
 * diagnoses, notes, and the equivalent `sesame connect` command. Actions on
 * top; the live run (timeline, diagnosis) right under them.
 */
export function ProfileDetail({ id, onEdit }: { id: string; onEdit(): void }) {
  const { t, i18n } = useTranslation();
  const { runs, profiles, history, settings, app } = useStores();
  const summary = useStore(profiles, (s) => s.all.find((p) => p.id === id));
  const run = useStore(runs, (s) => s.runs[id]);
  const last = useStore(runs, (s) => s.last[id]);
  const start = useStore(runs, (s) => s.start);
  const recent = useStore(history, (s) => s.byProfile[id]);
  const prefs = useStore(settings, (s) => s.settings);
  const platform = useStore(app, (s) => s.info?.platform ?? 'linux');
  const { fetch, remove, describeClient } = profiles.getState();
  const [full, setFull] = useState<Profile | undefined>();
  // Keyed by profile: an answer for the previously shown profile is never shown for this one.
  const [clientOf, setClientOf] = useState<{ id: string; info: ClientInfo } | undefined>();
  const client = clientOf?.id === id ? clientOf.info : undefined;
  const [error, setError] = useState<ContractError | undefined>();
  // Open for one profile at a time: picking another profile closes it.
  const [serverConfigFor, setServerConfigFor] = useState<string | undefined>();
  const showServerConfig = serverConfigFor === id;
  const now = useNow();

  // The full profile (door, notes) is fetched by id; it never carries a secret.
  useEffect(() => {
    let live = true;
    fetch(id)
      .then((profile) => live && setFull(profile))
      .catch(() => live && setFull(undefined));
    return () => {
      live = false;
    };
  }, [fetch, id, summary?.updatedAt]);

  // Which client opens depends on the profile and on the settings' client/terminal choices.
  const choice = `${prefs?.sshClient}/${prefs?.ftpClient}/${prefs?.terminal}`;
  useEffect(() => {
    let live = true;
    describeClient(id)
      .then((info) => live && setClientOf({ id, info }))
      .catch(() => live && setClientOf({ id, info: { source: 'none' } }));
    return () => {
      live = false;
    };
  }, [describeClient, id, summary?.updatedAt, choice]);

  useEffect(() => {
    void history.getState().loadProfile(id);
  }, [history, id]);

  if (!summary) return null;
  const busy = run?.status === 'running';
  const status = profileStatus(t, i18n.language, now, run, last);
  const oneTimeTotal = full?.oneTimeSequences.length ?? 0;
  const doorTimeout = full ? doorTimeoutOf(full) : undefined;
  const serviceName = t(`editor.services.${summary.service.kind}`);
  return (
    <div className="detail" data-testid="profile-detail">
      <div className="detail-head">
        <h2 translate="no">
          <bdi>{summary.name}</bdi>
        </h2>
        <span className={`status-pill status-${status.kind}`} data-testid="detail-status">
          <span className={`status-dot status-${status.kind}`} aria-hidden="true" />
          {status.text}
          {status.when ? ` · ${status.when}` : ''}
        </span>
      </div>
      <p className="hint detail-meta">
        <bdi translate="no">{summary.host ?? '—'}</bdi>
        {summary.group ? (
          <>
            {' · '}
            <span translate="no">{summary.group}</span>
          </>
        ) : null}
        {summary.tags.map((tag) => (
          <span key={tag} className="badge" translate="no">
            {tag}
          </span>
        ))}
      </p>
      {summary.draft ? <p className="warning">{t('detail.draft')}</p> : null}
      <div className="actions">
        <button type="button" className="primary" disabled={summary.draft || busy} onClick={() => void start(id, 'connect')}>
          {t('list.connect')}
        </button>
        <button type="button" disabled={summary.draft || busy} onClick={() => void start(id, 'test')}>
          {t('detail.testKnock')}
        </button>
        <button type="button" className="secondary" onClick={onEdit}>
          {t('detail.edit')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-expanded={showServerConfig}
          aria-controls="server-config-panel"
          onClick={() => setServerConfigFor(showServerConfig ? undefined : id)}
        >
          {t('serverConfig.button')}
        </button>
        <button type="button" className="secondary danger" disabled={busy} onClick={() => void remove(id).catch((e: ContractError) => setError(e))}>
          {t('detail.delete')}
        </button>
      </div>
      {error ? <ErrorBanner error={error} /> : null}
      <DoorLine profileId={id} />
      <RunPanel profileId={id} host={summary.host} knownSteps={full?.knock?.steps.length} />

      <div className="detail-grid">
        {showServerConfig ? <ServerConfigPanel id="server-config-panel" profile={summary} /> : null}
        <section className="card" aria-labelledby="d-door">
          <h3 id="d-door">{t('door.heading')}</h3>
          {full?.knock ? (
            <>
              <DoorSteps steps={full.knock.steps} label={t('door.sequence', { count: full.knock.steps.length })} opens={full.service.port} />
              <dl className="facts">
                <Fact label={t('door.delay')}>{t('door.ms', { ms: full.knock.delayMs })}</Fact>
                <Fact label={t('door.timeout')}>{t('door.seconds', { s: full.openTimeoutMs / 1000 })}</Fact>
                <Fact label={t('editor.family')}>{t(`editor.families.${full.addressFamily}`)}</Fact>
                {doorTimeout !== undefined ? (
                  <Fact label={t('door.closesAfter')}>
                    {t('door.seconds', { s: doorTimeout })}
                    {full.keepOpen ? <span className="hint"> · {t('door.keepOpenOn')}</span> : null}
                  </Fact>
                ) : null}
              </dl>
            </>
          ) : (
            <p className="hint">{t('door.none')}</p>
          )}
          {full?.closeSequence ? (
            <>
              <h4>{t('door.close')}</h4>
              <DoorSteps steps={full.closeSequence.steps} label={t('door.closeSequence', { count: full.closeSequence.steps.length })} />
            </>
          ) : null}
          {oneTimeTotal > 0 ? (
            <p className={summary.oneTimeLeft === 0 ? 'error' : summary.oneTimeLeft <= 3 ? 'warning' : undefined} data-testid="one-time-left">
              {t('door.oneTimeLeft', { left: summary.oneTimeLeft, total: oneTimeTotal })}
            </p>
          ) : null}
        </section>

        <section className="card" aria-labelledby="d-opens">
          <h3 id="d-opens">{t('detail.opens')}</h3>
          <dl className="facts">
            <Fact label={t('editor.serviceKind')}>{t('detail.target', { service: serviceName, port: summary.service.port })}</Fact>
            <Fact label={t('editor.user')}>{summary.service.user ? <span translate="no">{summary.service.user}</span> : <span className="hint">{t('detail.noUser')}</span>}</Fact>
            <Fact label={t('editor.client')}>
              <span data-testid="detail-client">{full ? <ClientLine info={client} profile={full} /> : t('common.loading')}</span>
            </Fact>
            {full?.service.kind === 'ftp' ? (
              <Fact label={t('editor.ftpMode')}>
                {t(`editor.ftpModes.${full.ftpMode}`)}
                {full.ftpModeLearned ? <span className="hint"> · {t('detail.ftpLearned', { mode: t(`editor.ftpModes.${full.ftpModeLearned}`) })}</span> : null}
              </Fact>
            ) : null}
          </dl>
        </section>

        <section className="card" aria-labelledby="d-secrets">
          <h3 id="d-secrets">{t('detail.signIn')}</h3>
          <dl className="facts" data-testid="secrets">
            <Fact label={t('editor.auth')}>{full ? t(`editor.auths.${full.auth.method}`) : '…'}</Fact>
            {full?.auth.method === 'key' ? (
              <Fact label={t('editor.keyFile')}>
                <code translate="no">{full.auth.keyFile}</code>
              </Fact>
            ) : null}
            <SecretFact label={t('editor.password')} stored={summary.hasPassword} />
            {full?.auth.method === 'key' || summary.hasPassphrase ? <SecretFact label={t('editor.passphrase')} stored={summary.hasPassphrase} /> : null}
          </dl>
        </section>

        <section className="card wide" aria-labelledby="d-runs">
          <h3 id="d-runs">{t('detail.runs')}</h3>
          <RecentRuns entries={recent} now={now} />
        </section>

        {full && full.notes.trim() !== '' ? (
          <section className="card wide" aria-labelledby="d-notes">
            <h3 id="d-notes">{t('editor.notes')}</h3>
            <p className="notes" translate="no">
              {full.notes}
            </p>
          </section>
        ) : null}

        <section className="card wide" aria-labelledby="d-cli">
          <h3 id="d-cli">{t('detail.cli')}</h3>
          <CommandLine command={connectCommand(summary, platform)} label={t('detail.copyCli')} />
          <p className="hint">{t('detail.cliHint')}</p>
        </section>
      </div>
    </div>
  );
}
