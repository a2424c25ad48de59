import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { FieldChange } from '../../../src-main/contract/features/profiles';
import { Field } from '../components/Field';
import { useStores } from '../stores-context';

const changeText = (changes: FieldChange[]) => changes.map((c) => c.field).join(', ');

/** Import (file → preview with a choice per item → apply) and export with its options. */
export function SharingView() {
  const { t } = useTranslation();
  const { sharing, profiles } = useStores();
  const s = useStore(sharing);
  const groups = useStore(profiles, (p) => [...new Set(p.all.map((x) => x.group))].filter(Boolean).join('\n'));
  const o = s.exportOptions;
  const mismatch = o.includeCredentials && o.passphraseConfirm !== '' && o.passphrase !== o.passphraseConfirm;

  return (
    <div className="page sharing">
      <section aria-labelledby="import-title" className="card">
        <h2 id="import-title">{t('sharing.importHeading')}</h2>
        <p className="hint">{t('sharing.importHelp')}</p>
        <div className="actions">
          <button type="button" className="primary" disabled={s.busy} onClick={() => void s.pickImport()}>
            {t('sharing.chooseFile')}
          </button>
          {s.importFile ? <span>{t('sharing.file', { name: s.importFile.fileName })}</span> : null}
        </div>
        {s.importError ? <p role="alert" className="error">{t('common.error', { message: s.importError.message })}</p> : null}
        {s.preview ? (
          <div data-testid="import-preview">
            <p className="hint">{t('sharing.format', { format: s.preview.format })}</p>
            {s.preview.encryptedSecrets ? (
              <div className="unlock">
                <p>{t('sharing.encrypted')}</p>
                <div className="inline">
                  <Field label={t('sharing.passphrase')}>
                    {(p) => <input {...p} type="password" autoComplete="off" value={s.importPassphrase} onChange={(e) => s.setImportPassphrase(e.target.value)} />}
                  </Field>
                  <button type="button" disabled={s.importPassphrase === '' || s.busy} onClick={() => void s.unlock()}>
                    {t('sharing.unlock')}
                  </button>
                </div>
              </div>
            ) : null}
            <table className="table">
              <caption className="sr-only">{t('sharing.previewLabel')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('sharing.name')}</th>
                  <th scope="col">{t('sharing.status')}</th>
                  <th scope="col">{t('sharing.changes')}</th>
                  <th scope="col">{t('sharing.action')}</th>
                </tr>
              </thead>
              <tbody>
                {s.preview.items.map((item) => (
                  <tr key={item.key} data-status={item.status}>
                    <th scope="row">{item.name}</th>
                    <td>
                      <span className={`badge status-${item.status}`}>{t(`sharing.statuses.${item.status}`)}</span>
                      {item.existingName ? <span className="hint"> {t('sharing.existing', { name: item.existingName })}</span> : null}
                    </td>
                    <td>{item.changes.length > 0 ? changeText(item.changes) : t('sharing.noChanges')}</td>
                    <td>
                      <select
                        aria-label={t('sharing.actionFor', { name: item.name })}
                        value={s.decisions[item.key] ?? item.defaultAction}
                        onChange={(e) => s.setDecision(item.key, e.target.value as typeof item.defaultAction)}
                      >
                        {item.allowed.map((a) => <option key={a} value={a}>{t(`sharing.actions.${a}`)}</option>)}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {s.preview.items.some((i) => i.offersSecrets.length > 0) && !s.preview.encryptedSecrets ? (
              <label className="check">
                <input type="checkbox" checked={s.importSecrets} onChange={(e) => s.setImportSecrets(e.target.checked)} />
                {t('sharing.importSecrets')}
              </label>
            ) : null}
            {s.preview.warnings.length > 0 ? (
              <>
                <h3>{t('sharing.warnings')}</h3>
                <ul>{s.preview.warnings.map((w) => <li key={w}>{w}</li>)}</ul>
              </>
            ) : null}
            <div className="actions">
              <button type="button" className="primary" disabled={s.busy} onClick={() => void s.applyImport()}>
                {t('sharing.apply')}
              </button>
              <button type="button" className="secondary" onClick={() => s.resetImport()}>
                {t('sharing.cancelImport')}
              </button>
            </div>
          </div>
        ) : null}
        {s.importResult ? (
          <p role="status" data-testid="import-result">
            {t('sharing.imported', {
              created: s.importResult.created.length,
              replaced: s.importResult.replaced.length,
              skipped: s.importResult.skipped,
              secrets: s.importResult.secretsStored,
            })}
          </p>
        ) : null}
      </section>

      <section aria-labelledby="export-title" className="card">
        <h2 id="export-title">{t('sharing.exportHeading')}</h2>
        <Field label={t('sharing.scope')}>
          {(p) => (
            <select {...p} value={o.group ?? '\u0000all'} onChange={(e) => s.setExportOptions({ group: e.target.value === '\u0000all' ? undefined : e.target.value })}>
              <option value={'\u0000all'}>{t('sharing.allProfiles')}</option>
              {groups.split('\n').filter(Boolean).map((g) => <option key={g} value={g}>{t('sharing.groupScope', { group: g })}</option>)}
            </select>
          )}
        </Field>
        <label className="check">
          <input type="checkbox" checked={o.includeCredentials} onChange={(e) => s.setExportOptions({ includeCredentials: e.target.checked })} />
          {t('sharing.includeCredentials')}
        </label>
        {o.includeCredentials ? (
          <div className="grid">
            <Field label={t('sharing.exportPassphrase')}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={o.passphrase} onChange={(e) => s.setExportOptions({ passphrase: e.target.value })} />}
            </Field>
            <Field label={t('sharing.exportPassphraseConfirm')} error={mismatch ? t('sharing.passphraseMismatch') : undefined}>
              {(p) => <input {...p} type="password" autoComplete="new-password" value={o.passphraseConfirm} onChange={(e) => s.setExportOptions({ passphraseConfirm: e.target.value })} />}
            </Field>
          </div>
        ) : null}
        <label className="check">
          <input type="checkbox" checked={o.includeOneTimeSequences} onChange={(e) => s.setExportOptions({ includeOneTimeSequences: e.target.checked })} />
          {t('sharing.includeOneTime')}
        </label>
        {o.includeOneTimeSequences ? <p className="warning" role="note">{t('sharing.oneTimeWarning')}</p> : null}
        <div className="actions">
          <button type="button" className="primary" disabled={s.busy || mismatch || (o.includeCredentials && o.passphrase === '')} onClick={() => void s.exportProfiles()}>
            {t('sharing.export')}
          </button>
        </div>
        {s.exportError ? (
          <p role="alert" className="error">
            {s.exportError.code === 'PASSPHRASE_MISMATCH' ? t('sharing.passphraseMismatch') : t('common.error', { message: s.exportError.message })}
          </p>
        ) : null}
        {s.exportResult ? <p role="status">{t('sharing.exported', { count: s.exportResult.exported, name: s.exportResult.fileName })}</p> : null}
      </section>
    </div>
  );
}
