import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { LanguagePreference, Settings, Theme } from '../../../src-main/contract/features/settings';
import { Field } from '../components/Field';
import { ErrorBanner } from '../components/MessageView';
import { useStores } from '../stores-context';

const themes: Theme[] = ['system', 'light', 'dark'];
const sshClients = ['openssh', 'putty'] as const;
const ftpClients = ['lftp', 'winscp', 'filezilla'] as const;

/** A number field that saves on blur/Enter, so a half-typed value is not sent (and rejected) per keystroke. */
function NumberSetting({ label, field, value, error, onSave }: { label: string; field: keyof Settings; value: number; error: string | undefined; onSave(field: keyof Settings, value: number): void }) {
  const [text, setText] = useState<string | undefined>();
  const commit = () => {
    if (text === undefined) return;
    onSave(field, text === '' ? NaN : Number(text));
    setText(undefined);
  };
  return (
    <Field label={label} error={error}>
      {(p) => (
        <input
          {...p}
          type="number"
          value={text ?? String(value)}
          onChange={(e) => setText(e.target.value)}
          onBlur={commit}
          onKeyDown={(e) => e.key === 'Enter' && commit()}
        />
      )}
    </Field>
  );
}

export function SettingsView() {
  const { t } = useTranslation();
  const { settings: store, app } = useStores();
  const settings = useStore(store, (s) => s.settings);
  const detected = useStore(store, (s) => s.detected);
  const errors = useStore(store, (s) => s.fieldErrors);
  const error = useStore(store, (s) => s.error);
  if (!settings) return <p className="page hint">{t('common.loading')}</p>;
  const update = store.getState().update;
  const found = (client: string) => (detected?.clients.includes(client as never) ? '' : ` ${t('settings.notDetected')}`);
  const setLanguage = (language: LanguagePreference) => {
    void update({ language });
    if (language === 'system') app.getState().followSystemLanguage();
    else app.getState().setLanguage(language);
  };

  return (
    <div className="page settings">
      <h2>{t('settings.heading')}</h2>
      {error ? <ErrorBanner error={error} /> : null}
      <section className="card" aria-labelledby="set-look">
        <h3 id="set-look">{t('settings.language')} · {t('settings.theme')}</h3>
        <Field label={t('settings.language')}>
          {(p) => (
            <select {...p} data-testid="settings-language" value={settings.language} onChange={(e) => setLanguage(e.target.value as LanguagePreference)}>
              <option value="system">{t('settings.languageSystem')}</option>
              <option value="en">{t('settings.languages.en')}</option>
              <option value="ko">{t('settings.languages.ko')}</option>
            </select>
          )}
        </Field>
        <fieldset className="radios">
          <legend>{t('settings.theme')}</legend>
          {themes.map((theme) => (
            <label key={theme} className="check">
              <input type="radio" name="theme" value={theme} checked={settings.theme === theme} onChange={() => void update({ theme })} />
              {t(`settings.themes.${theme}`)}
            </label>
          ))}
        </fieldset>
      </section>

      <section className="card" aria-labelledby="set-clients">
        <h3 id="set-clients">{t('settings.clientsHeading')}</h3>
        {detected ? (
          <p className="hint">
            {t('settings.detectedOn', { platform: t(`settings.platforms.${detected.platform}`), clients: detected.clients.map((c) => t(`editor.clients.${c}`)).join(', ') })}
          </p>
        ) : null}
        <div className="grid">
          <Field label={t('settings.terminal')}>
            {(p) => (
              <select {...p} value={settings.terminal} onChange={(e) => void update({ terminal: e.target.value as Settings['terminal'] })}>
                <option value="auto">
                  {detected?.defaultTerminal ? t('settings.autoDetected', { name: t(`settings.terminals.${detected.defaultTerminal}`) }) : t('settings.auto')}
                </option>
                {[...new Set([...(detected?.terminals ?? []), ...(settings.terminal !== 'auto' ? [settings.terminal] : [])])].map((id) => (
                  <option key={id} value={id}>{t(`settings.terminals.${id}`)}</option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('settings.sshClient')}>
            {(p) => (
              <select {...p} value={settings.sshClient} onChange={(e) => void update({ sshClient: e.target.value as Settings['sshClient'] })}>
                <option value="auto">{t('settings.auto')}</option>
                {sshClients.map((c) => <option key={c} value={c}>{t(`editor.clients.${c}`)}{found(c)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t('settings.ftpClient')}>
            {(p) => (
              <select {...p} value={settings.ftpClient} onChange={(e) => void update({ ftpClient: e.target.value as Settings['ftpClient'] })}>
                <option value="auto">{t('settings.auto')}</option>
                {ftpClients.map((c) => <option key={c} value={c}>{t(`editor.clients.${c}`)}{found(c)}</option>)}
              </select>
            )}
          </Field>
        </div>
      </section>

      <section className="card" aria-labelledby="set-defaults">
        <h3 id="set-defaults">{t('settings.defaultsHeading')}</h3>
        <div className="grid">
          <NumberSetting label={t('settings.defaultDelay')} field="defaultDelayMs" value={settings.defaultDelayMs} error={errors.defaultDelayMs} onSave={(f, v) => void update({ [f]: v })} />
          <NumberSetting label={t('settings.defaultTimeout')} field="defaultOpenTimeoutMs" value={settings.defaultOpenTimeoutMs} error={errors.defaultOpenTimeoutMs} onSave={(f, v) => void update({ [f]: v })} />
        </div>
      </section>

      <section className="card" aria-labelledby="set-startup">
        <h3 id="set-startup">{t('settings.startupHeading')}</h3>
        <label className="check">
          <input type="checkbox" checked={settings.startInTray} onChange={(e) => void update({ startInTray: e.target.checked })} />
          {t('settings.startInTray')}
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.closeToTray} onChange={(e) => void update({ closeToTray: e.target.checked })} />
          {t('settings.closeToTray')}
        </label>
        <label className="check">
          <input type="checkbox" checked={settings.launchAtLogin} onChange={(e) => void update({ launchAtLogin: e.target.checked })} />
          {t('settings.launchAtLogin')}
        </label>
      </section>
    </div>
  );
}
