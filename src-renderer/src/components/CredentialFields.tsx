import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { hasSecret, type SecretKind } from '../../../src-main/contract/features/profiles';
import { useStores } from '../stores-context';
import { useMessageText } from '../i18n/use-message-text';
import { Field } from './Field';

/**
 * Write-only secret fields: what is typed goes to main's keychain and is
 * cleared here; main answers only "stored: yes/no", never the value.
 */
export function CredentialFields({ kinds }: { kinds: SecretKind[] }) {
  const { t } = useTranslation();
  const { editor } = useStores();
  const profile = useStore(editor, (s) => s.profile);
  const input = useStore(editor, (s) => s.secretInput);
  const errors = useStore(editor, (s) => s.secretError);
  const { setSecretInput, storeSecret, removeSecret } = editor.getState();
  const messageText = useMessageText();
  return (
    <>
      <p className="hint">{profile ? t('editor.secretWriteOnly') : t('editor.secretSaveFirst')}</p>
      {kinds.map((kind) => {
        const stored = profile ? hasSecret(profile, kind) : false;
        return (
          <div key={kind} className="secret-row">
            <Field label={t(`editor.${kind}`)} error={errors[kind] !== undefined ? messageText(errors[kind]).text : undefined}>
              {(props) => (
                <input
                  {...props}
                  type="password"
                  autoComplete="new-password"
                  disabled={!profile}
                  value={input[kind]}
                  onChange={(e) => setSecretInput(kind, e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void storeSecret(kind);
                    }
                  }}
                />
              )}
            </Field>
            <button type="button" disabled={!profile || input[kind] === ''} onClick={() => void storeSecret(kind)}>
              {stored ? t('editor.replaceSecret') : t('editor.storeSecret')}
            </button>
            <span className={stored ? 'stored' : 'hint'} role="status" data-testid={`${kind}-status`}>
              {stored ? t('editor.secretStored') : t('editor.secretNotStored')}
            </span>
            {stored ? (
              <button type="button" className="secondary" onClick={() => void removeSecret(kind)}>
                {t('editor.removeSecret')}
              </button>
            ) : null}
          </div>
        );
      })}
    </>
  );
}
