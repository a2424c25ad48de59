import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { spaServerProtos } from '../../../src-main/contract/schemas/spa';
import { useStores } from '../stores-context';
import type { SpaDraft } from '../stores/spa-draft';
import { CredentialFields } from './CredentialFields';
import { Field } from './Field';

const num = (value: string) => (value === '' ? NaN : Number(value));
const hmacs = ['sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512', 'sha1', 'md5', 'none'] as const;

/**
 * The SPA door's fields (fwknop): where fwknopd listens, what it should open
 * and for whom, and the two keys — write-only, like passwords. "Generate
 * keys" stores a new pair and shows, once, the access.conf stanza that goes
 * on the server. Kept apart from ProfileEditor so the door is one component.
 */
export function SpaFields({ issue, onBlur }: { issue(path: string): string | undefined; onBlur(path: string): () => void }) {
  const { t, i18n } = useTranslation();
  const { editor } = useStores();
  const s = useStore(editor);
  const d = s.draft.spa;
  const set = (patch: Partial<SpaDraft>) => s.update({ spa: { ...d, ...patch } });
  return (
    <fieldset data-testid="spa-fields">
      <legend>{t('editor.spa.title')}</legend>
      <p className="hint">{t('editor.spa.explain')}</p>
      <div className="grid">
        <Field label={t('editor.spa.access')} hint={t('editor.spa.accessHint', { port: s.draft.servicePort })} error={issue('spa.access')}>
          {(p) => <input {...p} type="text" spellCheck={false} placeholder={`tcp/${s.draft.servicePort}`} value={d.access} onChange={(e) => set({ access: e.target.value })} onBlur={onBlur('spa.access')} />}
        </Field>
        <Field label={t('editor.spa.serverPort')} error={issue('spa.serverPort')}>
          {(p) => <input {...p} type="number" min={1} max={65535} value={Number.isNaN(d.serverPort) ? '' : d.serverPort} onChange={(e) => set({ serverPort: num(e.target.value) })} onBlur={onBlur('spa.serverPort')} />}
        </Field>
        <Field label={t('editor.spa.serverProto')}>
          {(p) => (
            <select {...p} value={d.serverProto} onChange={(e) => set({ serverProto: e.target.value as SpaDraft['serverProto'] })}>
              {spaServerProtos.map((proto) => <option key={proto} value={proto}>{proto.toUpperCase()}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('editor.spa.allowIp')} hint={t('editor.spa.allowIpHint')} error={issue('spa.allowIp')}>
          {(p) => <input {...p} type="text" spellCheck={false} value={d.allowIp} onChange={(e) => set({ allowIp: e.target.value })} onBlur={onBlur('spa.allowIp')} />}
        </Field>
        {d.allowIp === 'resolve' ? (
          <Field label={t('editor.spa.resolveUrl')} hint={t('editor.spa.resolveUrlHint')} error={issue('spa.resolveUrl')}>
            {(p) => <input {...p} type="url" spellCheck={false} value={d.resolveUrl} onChange={(e) => set({ resolveUrl: e.target.value })} onBlur={onBlur('spa.resolveUrl')} />}
          </Field>
        ) : null}
        <Field label={t('editor.spa.user')} hint={t('editor.spa.userHint')} error={issue('spa.user')}>
          {(p) => <input {...p} type="text" spellCheck={false} value={d.user} onChange={(e) => set({ user: e.target.value })} onBlur={onBlur('spa.user')} />}
        </Field>
        <Field label={t('editor.spa.clientTimeout')} hint={t('editor.spa.clientTimeoutHint')} error={issue('spa.clientTimeoutS')}>
          {(p) => <input {...p} type="number" min={0} value={Number.isNaN(d.clientTimeoutS) ? '' : d.clientTimeoutS} onChange={(e) => set({ clientTimeoutS: num(e.target.value) })} onBlur={onBlur('spa.clientTimeoutS')} />}
        </Field>
        <Field label={t('editor.spa.hmac')}>
          {(p) => (
            <select {...p} value={d.hmac} onChange={(e) => set({ hmac: e.target.value as SpaDraft['hmac'] })}>
              {hmacs.map((h) => <option key={h} value={h}>{h === 'none' ? t('editor.spa.noHmac') : h}</option>)}
            </select>
          )}
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={s.spaKeysBase64} onChange={(e) => s.setSpaKeysBase64(e.target.checked)} />
        {t('editor.spa.base64')}
      </label>
      <CredentialFields kinds={d.hmac === 'none' ? ['spa-key'] : ['spa-key', 'spa-hmac-key']} />
      <div className="actions">
        <button type="button" disabled={!s.profile || s.dirty} onClick={() => void s.generateSpaKeys(i18n.language === 'ko' ? 'ko' : 'en')}>
          {t('editor.spa.generate')}
        </button>
        <span className="hint">{s.profile && !s.dirty ? t('editor.spa.generateHint') : t('editor.spa.generateSaveFirst')}</span>
      </div>
      {s.generatedStanza ? (
        <div className="card" data-testid="spa-stanza">
          <p>{t('editor.spa.stanzaTitle')}</p>
          <pre tabIndex={0}>{s.generatedStanza}</pre>
        </div>
      ) : null}
    </fieldset>
  );
}
