import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { FieldChange } from '../../../src-main/contract/features/profiles';
import { Field } from '../components/Field';
import { ImportSources } from '../components/ImportSources';
import { ErrorBanner, MessageView } from '../components/MessageView';
import { PassphraseMeter } from '../components/PassphraseMeter';
import { useStores } from '../stores-context';

/** Changed fields by their editor labels ("host" → "Host name or IP address"); an unknown field keeps its name. */
function useChangeText(): (changes: FieldChange[]) => string {
  const { t, i18n } = useTranslation();
  return (changes) => changes.map((c) => (i18n.exists(`sharing.fields.${c.field}`) ? t(`sharing.fields.${c.field}`) : c.field)).join(', ');
}

/** Import (file → preview with a choice per item → apply) and export with its options. */
export function SharingView({ onShowProfiles }: { onShowProfiles?(): void }) {
  const { t } = useTranslation();
  const changeText = useChangeText();
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
          {s.importFile ? (
            <span>
              {t('sharing.filePrefix')} <span translate="no">{s.importFile.fileName}</span>
            </span>
          ) : null}
        </div>
        {s.importError ? <ErrorBanner error={s.importError} /> : null}
        {s.preview ? (
          <div data-testid="import-preview">
            <p className="hint">
              {t('sharing.format', { format: t(`sharing.formats.${s.preview.format}`) })}
            </p>
            {s.preview.encryptedSecrets && s.preview.authenticity === 'verified' ? (
              <p className="hint" role="status" data-testid="unlocked">
                {t('sharing.unlocked')}
              </p>
            ) : null}
            {s.preview.encryptedSecrets && s.preview.authenticity !== 'verified' ? (
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
                    <th scope="row" translate="no">
                      <bdi>{item.name}</bdi>
                    </th>
                    <td>
                      <span className={`badge status-${item.status}`}>{t(`sharing.statuses.${item.status}`)}</span>
                      {item.draft ? <span className="badge">{t('list.draft')}</span> : null}
                      {item.existingName ? <span className="hint"> {t('sharing.existing', { name: item.existingName })}</span> : null}
                      {item.offersSecrets.some((k) => k === 'spa-key' || k === 'spa-hmac-key') ? (
                        <span className="badge" data-testid="spa-keys-to-keychain">
                          {t('sharing.spaKeysToKeychain')}
                        </span>
                      ) : null}
                      {item.secretDestinationChanges ? (
                        <span className="badge warning" data-testid="destination-changes">
                          {t('sharing.destinationChanges')}
                        </span>
                      ) : null}
                      {/* What the file gives, so a door's sequence and port can be checked before importing. */}
                      {item.knock !== undefined || item.closeSequence !== undefined || item.oneTimeSequences !== undefined || item.service ? (
                        <div className="hint" data-testid="item-door">
                          {[
                            item.knock !== undefined ? t('sharing.itemKnock', { steps: item.knock }) : '',
                            item.closeSequence !== undefined ? t('sharing.itemClose', { steps: item.closeSequence }) : '',
                            item.oneTimeSequences !== undefined ? t('sharing.itemOneTime', { count: item.oneTimeSequences }) : '',
                            item.service ? t('sharing.itemService', { kind: t(`editor.services.${item.service.kind}`), port: item.service.port }) : '',
                          ]
                            .filter(Boolean)
                            .join(' · ')}
                        </div>
                      ) : null}
                      {/* What the user must know about this one item (an option Sesame cannot keep, a one-time list), in the UI language. */}
                      {item.notes && item.notes.length > 0 ? (
                        <ul className="hint" aria-label={t('sharing.itemNotes', { name: item.name })} data-testid="item-notes">
                          {item.notes.map((n) => (
                            <li key={n}>
                              <MessageView message={n} />
                            </li>
                          ))}
                        </ul>
                      ) : null}
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
            {s.preview.authenticity === 'unverified' ? (
              <div className="warning" role="note" data-testid="unverified">
                <p>{t('sharing.unverified')}</p>
                <label className="check">
                  <input type="checkbox" checked={s.acceptUnverified} onChange={(e) => s.setAcceptUnverified(e.target.checked)} />
                  {t('sharing.acceptUnverified')}
                </label>
              </div>
            ) : null}
            {/* Once unlocked, the file's credentials are the user's to take or leave, like any other file's. */}
            {s.preview.items.some((i) => i.offersSecrets.length > 0) && (!s.preview.encryptedSecrets || s.preview.authenticity === 'verified') ? (
              <label className="check">
                <input type="checkbox" checked={s.importSecrets} onChange={(e) => s.setImportSecrets(e.target.checked)} />
                {t('sharing.importSecrets')}
              </label>
            ) : null}
            {s.preview.warnings.length > 0 ? (
              <>
                <h3>{t('sharing.warnings')}</h3>
                <ul data-testid="import-warnings">
                  {s.preview.warnings.map((w) => (
                    <li key={w}>
                      <MessageView message={w} />
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={s.busy || (s.preview.authenticity === 'unverified' && !s.acceptUnverified)}
                onClick={() => void s.applyImport()}
              >
                {t('sharing.apply')}
              </button>
              <button type="button" className="secondary" onClick={() => s.resetImport()}>
                {t('sharing.cancelImport')}
              </button>
            </div>
          </div>
        ) : null}
        {s.importResult ? (
          <div className="actions">
            <p role="status" data-testid="import-result">
              {t('sharing.imported', {
                created: s.importResult.created.length,
                replaced: s.importResult.replaced.length,
                skipped: s.importResult.skipped,
                secrets: s.importResult.secretsStored,
              })}
            </p>
            {onShowProfiles ? (
              <button type="button" className="primary" onClick={onShowProfiles}>
                {t('sharing.showProfiles')}
              </button>
            ) : null}
          </div>
        ) : null}
        {!s.preview ? <ImportSources /> : null}
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
            <PassphraseMeter passphrase={o.passphrase} />
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
            {s.exportError.code === 'PASSPHRASE_MISMATCH' ? t('sharing.passphraseMismatch') : <MessageView message={s.exportError.message} code={s.exportError.code} />}
          </p>
        ) : null}
        {s.exportResult ? <p role="status">{t('sharing.exported', { count: s.exportResult.exported, name: s.exportResult.fileName })}</p> : null}
      </section>
    </div>
  );
}
