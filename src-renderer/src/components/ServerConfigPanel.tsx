import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { ContractError, MethodResponse } from '../../../src-main/contract';
import type { ProfileSummary } from '../../../src-main/contract/features/profiles';
import { defaultServerConfigForm, serverConfigCommand, serverConfigRequest, type ServerConfigForm } from '../lib/server-config-form';
import { useStores } from '../stores-context';
import { CommandLine } from './CommandLine';
import { Field } from './Field';
import { ErrorBanner } from './MessageView';

type Kit = MethodResponse<'getServerConfig'>;

/**
 * "Server config": what the server needs so this profile's knock opens the
 * door — knockd.conf, the firewall table or chain, hosts.allow, vsftpd — each
 * with where it goes and a copy button. Main generates the texts from the saved
 * profile (the same code as `sesame server-config`), with comments in the
 * window's language; nothing is saved or sent anywhere.
 */
export function ServerConfigPanel({ id, profile }: { id: string; profile: ProfileSummary }) {
  const { t, i18n } = useTranslation();
  const { profiles, app } = useStores();
  const platform = useStore(app, (s) => s.info?.platform ?? 'linux');
  const [form, setForm] = useState<ServerConfigForm>(defaultServerConfigForm);
  // Keyed by what was asked: an older answer never shows under newer fields.
  const [answer, setAnswer] = useState<{ key: string; kit?: Kit; error?: ContractError }>();
  const built = serverConfigRequest(form);
  const language = i18n.language === 'ko' ? 'ko' : 'en';
  const request = 'request' in built ? built.request : undefined;
  const key = JSON.stringify([profile.id, profile.updatedAt, language, request]);

  useEffect(() => {
    const asked = serverConfigRequest(form);
    if (!('request' in asked)) return;
    const askedKey = JSON.stringify([profile.id, profile.updatedAt, language, asked.request]);
    let live = true;
    profiles
      .getState()
      .serverConfig({ id: profile.id, language, ...asked.request })
      .then((kit) => live && setAnswer({ key: askedKey, kit }))
      .catch((error: ContractError) => live && setAnswer({ key: askedKey, error }));
    return () => {
      live = false;
    };
  }, [profiles, form, profile.id, profile.updatedAt, language]);

  const current = answer?.key === key ? answer : undefined;
  const fieldError = 'error' in built ? built.error : undefined;
  const errorFor = (field: string) => (fieldError?.field === field ? t(`serverConfig.errors.${fieldError.key}`) : undefined);
  const set = (patch: Partial<ServerConfigForm>) => setForm({ ...form, ...patch });

  return (
    <section id={id} className="card wide server-config" aria-labelledby="d-server" data-testid="server-config">
      <h3 id="d-server">{t('serverConfig.heading')}</h3>
      <p className="hint">{t('serverConfig.intro')}</p>
      <div className="grid server-config-options">
        <Field label={t('serverConfig.firewall')}>
          {(p) => (
            <select {...p} value={form.firewall} onChange={(e) => set({ firewall: e.target.value as ServerConfigForm['firewall'] })}>
              <option value="nftables">{t('serverConfig.firewalls.nftables')}</option>
              <option value="iptables">{t('serverConfig.firewalls.iptables')}</option>
            </select>
          )}
        </Field>
        <Field label={t('serverConfig.interface')} hint={
            <>
              {t('serverConfig.interfaceHint')} <code translate="no">ip -br link</code>
            </>
          }
        >
          {(p) => <input {...p} value={form.interface} placeholder="eth0" spellCheck={false} onChange={(e) => set({ interface: e.target.value })} />}
        </Field>
        <Field label={t('serverConfig.timeout')} hint={t('serverConfig.timeoutHint')} error={errorFor('timeout')}>
          {(p) => <input {...p} value={form.timeout} inputMode="numeric" onChange={(e) => set({ timeout: e.target.value })} />}
        </Field>
        {profile.service.kind === 'ftp' ? (
          <Field label={t('serverConfig.passiveRange')} hint={t('serverConfig.passiveRangeHint')} error={errorFor('passiveRange')}>
            {(p) => <input {...p} value={form.passiveRange} placeholder="40000-40100" spellCheck={false} onChange={(e) => set({ passiveRange: e.target.value })} />}
          </Field>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={form.tcpWrappers} onChange={(e) => set({ tcpWrappers: e.target.checked })} />
          {t('serverConfig.tcpWrappers')}
        </label>
        {form.tcpWrappers ? (
          <Field label={t('serverConfig.allowFrom')} hint={t('serverConfig.allowFromHint')} error={errorFor('allowFrom')}>
            {(p) => <input {...p} value={form.allowFrom} placeholder="203.0.113.0/24" spellCheck={false} onChange={(e) => set({ allowFrom: e.target.value })} />}
          </Field>
        ) : null}
      </div>
      {current?.error ? <ErrorBanner error={current.error} /> : null}
      {request && !current ? <p className="hint">{t('common.loading')}</p> : null}
      {current?.kit && current.kit.warnings.length > 0 ? (
        <div className="warning" role="note" data-testid="server-config-warnings">
          <p>{t('serverConfig.warnings')}</p>
          <ul>
            {current.kit.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {current?.kit?.sections.map((section) => (
        // A div, not a section: the text block below is the one region named by the title.
        <div key={section.id} className="kit-section" data-testid={`kit-${section.id}`}>
          <h4>{section.title}</h4>
          <p className="hint">{section.where}</p>
          <CommandLine command={section.text} label={t('serverConfig.copySection', { title: section.title })} block={{ name: section.title }} testId={`kit-${section.id}-text`} />
        </div>
      ))}
      {request ? (
        <>
          <h4>{t('serverConfig.cli')}</h4>
          <CommandLine command={serverConfigCommand(profile, request, platform)} label={t('serverConfig.copyCli')} testId="server-config-cli" />
        </>
      ) : null}
    </section>
  );
}
