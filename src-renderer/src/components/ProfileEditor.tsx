import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { SecretKind } from '../../../src-main/contract/features/profiles';
import { useStores } from '../stores-context';
import { defaultPortFor, usesTemplate, type Draft } from '../stores/profile-draft';
import { CredentialFields } from './CredentialFields';
import { KeepOpenField } from './KeepOpenField';
import { ErrorBanner } from './MessageView';
import { Field } from './Field';
import { OneTimeList } from './OneTimeList';
import { RunPanel } from './RunPanel';
import { SequenceBuilder } from './SequenceBuilder';
import { SpaFields } from './SpaFields';
import { TemplateEditor } from './TemplateEditor';

const serviceKinds = ['ssh', 'sftp', 'ftp', 'custom'] as const;
const families = ['auto', 'ipv4', 'ipv6'] as const;
const authMethods = ['agent', 'key', 'password'] as const;
const ftpModes = ['auto', 'passive', 'active'] as const;
const clients = ['auto', 'openssh', 'putty', 'lftp', 'winscp', 'filezilla', 'custom'] as const;

const num = (value: string) => (value === '' ? NaN : Number(value));

/** Create or edit a profile; messages come from the contract's schemas as the user types. */
export function ProfileEditor({ onClosed, onSaved }: { onClosed(): void; onSaved(id: string): void }) {
  const { t } = useTranslation();
  const { editor, runs } = useStores();
  const s = useStore(editor);
  const startRun = useStore(runs, (r) => r.start);
  const testRunning = useStore(runs, (r) => (s.profile ? r.runs[s.profile.id]?.status === 'running' : false));
  const d = s.draft;
  const show = (path: string) => (s.showAllIssues || s.touched.has(path) ? s.issues[path] : undefined);
  const set = (patch: Partial<Draft>) => s.update(patch);
  const blur = (path: string) => () => s.touch(path);
  const secretKinds: SecretKind[] = d.authMethod === 'key' ? ['passphrase'] : d.authMethod === 'password' ? ['password'] : [];
  const knockIssues = s.showAllIssues || s.touched.has('knock') ? s.issues : {};

  const save = async () => {
    const saved = await s.save();
    if (saved) onSaved(saved.id);
  };

  return (
    <form
      className="editor"
      aria-labelledby="editor-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="editor-head">
        <h2 id="editor-title">{s.profile ? t('editor.editTitle', { name: s.profile.name }) : t('editor.newTitle')}</h2>
        <button type="button" className="secondary" onClick={() => { s.close(); onClosed(); }}>
          {t('editor.close')}
        </button>
      </div>

      <fieldset>
        <legend>{t('editor.sections.general')}</legend>
        <div className="grid">
          <Field label={t('editor.name')} error={show('name')}>
            {(p) => <input {...p} type="text" value={d.name} onChange={(e) => set({ name: e.target.value })} onBlur={blur('name')} />}
          </Field>
          <Field label={t('editor.group')} error={show('group')}>
            {(p) => <input {...p} type="text" value={d.group} onChange={(e) => set({ group: e.target.value })} onBlur={blur('group')} />}
          </Field>
          <Field label={t('editor.host')} error={show('host')}>
            {(p) => (
              <input {...p} type="text" spellCheck={false} autoCapitalize="off" value={d.host} onChange={(e) => set({ host: e.target.value.trim() })} onBlur={blur('host')} />
            )}
          </Field>
          <Field label={t('editor.family')}>
            {(p) => (
              <select {...p} value={d.addressFamily} onChange={(e) => set({ addressFamily: e.target.value as Draft['addressFamily'] })}>
                {families.map((f) => <option key={f} value={f}>{t(`editor.families.${f}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('editor.tags')} error={show('tags') ?? show('tags.0')}>
            {(p) => <input {...p} type="text" value={d.tagsText} onChange={(e) => set({ tagsText: e.target.value })} onBlur={blur('tags')} />}
          </Field>
        </div>
        <Field label={t('editor.notes')} error={show('notes')} className="wide">
          {(p) => <textarea {...p} rows={3} value={d.notes} onChange={(e) => set({ notes: e.target.value })} onBlur={blur('notes')} />}
        </Field>
      </fieldset>

      <Field label={t('editor.door')}>
        {(p) => (
          <select {...p} value={d.door} onChange={(e) => set({ door: e.target.value as Draft['door'] })}>
            <option value="knock">{t('editor.doors.knock')}</option>
            <option value="spa">{t('editor.doors.spa')}</option>
          </select>
        )}
      </Field>
      {d.door === 'spa' ? <SpaFields issue={show} onBlur={blur} /> : null}
      <div onBlur={blur('knock')} hidden={d.door === 'spa'}>
        <SequenceBuilder
          label={t('editor.sections.knock')}
          steps={d.steps}
          issues={knockIssues}
          pathPrefix="knock.steps"
          onChange={(steps) => { set({ steps }); s.touch('knock'); }}
          onParsed={(parsed) =>
            set({
              ...(parsed.host && d.host === '' ? { host: parsed.host } : {}),
              ...(parsed.delayMs !== undefined ? { delayMs: parsed.delayMs } : {}),
              ...(parsed.family ? { addressFamily: parsed.family } : {}),
            })
          }
        />
      </div>
      <div className="grid">
        {d.door === 'spa' ? null : (
          <Field label={t('editor.delay')} error={show('knock.delayMs')}>
            {(p) => <input {...p} type="number" min={0} value={Number.isNaN(d.delayMs) ? '' : d.delayMs} onChange={(e) => set({ delayMs: num(e.target.value) })} onBlur={blur('knock.delayMs')} />}
          </Field>
        )}
        <Field label={t('editor.timeout')} error={show('openTimeoutMs')}>
          {(p) => <input {...p} type="number" min={100} value={Number.isNaN(d.openTimeoutMs) ? '' : d.openTimeoutMs} onChange={(e) => set({ openTimeoutMs: num(e.target.value) })} onBlur={blur('openTimeoutMs')} />}
        </Field>
        <Field label={t('editor.doorTimeout')} hint={d.door === 'spa' ? t('editor.doorTimeoutHintSpa') : t('editor.doorTimeoutHint')} error={show('doorTimeoutS')}>
          {(p) => <input {...p} type="number" min={2} max={86400} step={1} value={Number.isNaN(d.doorTimeoutS) ? '' : d.doorTimeoutS} onChange={(e) => set({ doorTimeoutS: num(e.target.value) })} onBlur={blur('doorTimeoutS')} />}
        </Field>
      </div>
      <KeepOpenField draft={d} onChange={(keepOpen) => set({ keepOpen })} />

      <fieldset>
        <legend>{t('editor.sections.service')}</legend>
        <div className="grid">
          <Field label={t('editor.serviceKind')}>
            {(p) => (
              <select
                {...p}
                value={d.serviceKind}
                onChange={(e) => {
                  const kind = e.target.value as Draft['serviceKind'];
                  // Follow the new service's usual port unless the user typed their own.
                  const port = d.servicePort === defaultPortFor[d.serviceKind] ? defaultPortFor[kind] : d.servicePort;
                  set({ serviceKind: kind, servicePort: port });
                }}
              >
                {serviceKinds.map((k) => <option key={k} value={k}>{t(`editor.services.${k}`)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('editor.port')} error={show('service.port')}>
            {(p) => <input {...p} type="number" min={1} max={65535} value={Number.isNaN(d.servicePort) ? '' : d.servicePort} onChange={(e) => set({ servicePort: num(e.target.value) })} onBlur={blur('service.port')} />}
          </Field>
          <Field label={t('editor.user')} error={show('service.user')}>
            {(p) => <input {...p} type="text" spellCheck={false} autoCapitalize="off" value={d.user} onChange={(e) => set({ user: e.target.value })} onBlur={blur('service.user')} />}
          </Field>
          <Field label={t('editor.client')}>
            {(p) => (
              <select {...p} value={d.preferredClient} onChange={(e) => set({ preferredClient: e.target.value as Draft['preferredClient'] })}>
                {clients.map((c) => <option key={c} value={c}>{t(`editor.clients.${c}`)}</option>)}
              </select>
            )}
          </Field>
        </div>
        {usesTemplate(d) ? <TemplateEditor /> : null}
        {d.serviceKind === 'ftp' ? (
          <Field label={t('editor.ftpMode')} hint={t('editor.ftpExplain')}>
            {(p) => (
              <select {...p} value={d.ftpMode} onChange={(e) => set({ ftpMode: e.target.value as Draft['ftpMode'] })}>
                {ftpModes.map((m) => <option key={m} value={m}>{t(`editor.ftpModes.${m}`)}</option>)}
              </select>
            )}
          </Field>
        ) : null}
      </fieldset>

      <fieldset>
        <legend>{t('editor.sections.credentials')}</legend>
        <div className="grid">
          <Field label={t('editor.auth')}>
            {(p) => (
              <select {...p} value={d.authMethod} onChange={(e) => set({ authMethod: e.target.value as Draft['authMethod'] })}>
                {authMethods.map((m) => <option key={m} value={m}>{t(`editor.auths.${m}`)}</option>)}
              </select>
            )}
          </Field>
          {d.authMethod === 'key' ? (
            <Field label={t('editor.keyFile')} error={show('auth.keyFile') ?? show('auth')}>
              {(p) => <input {...p} type="text" spellCheck={false} value={d.keyFile} onChange={(e) => set({ keyFile: e.target.value })} onBlur={blur('auth.keyFile')} />}
            </Field>
          ) : null}
        </div>
        {secretKinds.length > 0 ? <CredentialFields kinds={secretKinds} /> : null}
      </fieldset>

      <fieldset>
        <legend>{t('editor.sections.advanced')}</legend>
        <label className="check">
          <input type="checkbox" checked={d.closeEnabled} onChange={(e) => set({ closeEnabled: e.target.checked, ...(e.target.checked && d.closeSteps.length === 0 ? { closeSteps: [...d.steps].reverse() } : {}) })} />
          {t('editor.closeEnabled')}
        </label>
        {d.closeEnabled ? (
          <>
            <SequenceBuilder label={t('editor.closeSequence')} steps={d.closeSteps} issues={s.issues} pathPrefix="closeSequence.steps" onChange={(closeSteps) => set({ closeSteps })} />
            <Field label={t('editor.closeDelay')} error={s.issues['closeSequence.delayMs']}>
              {(p) => <input {...p} type="number" min={0} value={Number.isNaN(d.closeDelayMs) ? '' : d.closeDelayMs} onChange={(e) => set({ closeDelayMs: num(e.target.value) })} />}
            </Field>
          </>
        ) : null}
        <OneTimeList entries={d.oneTime} issues={s.issues} onChange={(oneTime) => set({ oneTime })} />
      </fieldset>

      {s.showAllIssues && Object.keys(s.issues).length > 0 ? (
        <p role="alert" className="error">
          {t('editor.issues')}
        </p>
      ) : null}
      {/* INVALID_INPUT's summary is main's English sentence; its issues are already on the fields, in the UI language. */}
      {s.error && !(s.error.code === 'INVALID_INPUT' && s.showAllIssues && Object.keys(s.issues).length > 0) ? (
        s.error.code === 'CONFLICT' ? (
          <p role="alert" className="error">
            {t('editor.conflict')}
          </p>
        ) : (
          <ErrorBanner error={s.error} />
        )
      ) : null}
      <div className="actions sticky-actions">
        <button type="submit" className="primary" disabled={s.saving}>
          {s.saving ? t('editor.saving') : t('editor.save')}
        </button>
        <button type="button" disabled={!s.profile || s.dirty || testRunning} onClick={() => s.profile && void startRun(s.profile.id, 'test')}>
          {t('detail.testKnock')}
        </button>
        <span role="status" className="hint">
          {s.dirty ? t('editor.unsaved') : s.profile ? t('editor.saved') : ''}
        </span>
      </div>
      {s.profile ? <RunPanel profileId={s.profile.id} host={s.profile.host} knownSteps={s.profile.knock?.steps.length} /> : null}
    </form>
  );
}
