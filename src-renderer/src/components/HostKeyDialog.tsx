import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';

/**
 * ssh asks whether to trust a server's host key it has never seen. Sesame
 * shows the fingerprint and answers ssh with the user's choice; "Cancel" (the
 * default, as in ssh) ends that login.
 */
export function HostKeyDialog() {
  const { t } = useTranslation();
  const { hostKeys } = useStores();
  const question = useStore(hostKeys, (s) => s.pending[0]);
  const answer = useStore(hostKeys, (s) => s.answer);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (question && !element.open) element.showModal?.();
    if (!question && element.open) element.close();
  }, [question]);

  if (!question) return null;
  return (
    <dialog ref={dialog} className="host-key-dialog" aria-labelledby="host-key-title" onCancel={() => void answer(question.questionId, false)}>
      <h2 id="host-key-title">{t('hostKey.title')}</h2>
      <p>{t('hostKey.intro', { host: question.host ?? '?' })}</p>
      <dl>
        <dt>{t('hostKey.keyType')}</dt>
        <dd>{question.keyType ?? '?'}</dd>
        <dt>{t('hostKey.fingerprint')}</dt>
        <dd>
          <code data-testid="host-key-fingerprint">{question.fingerprint ?? '?'}</code>
        </dd>
      </dl>
      <p>{t('hostKey.advice')}</p>
      <details>
        <summary>{t('hostKey.details')}</summary>
        <pre>{question.text}</pre>
      </details>
      <div className="dialog-actions">
        <button type="button" autoFocus onClick={() => void answer(question.questionId, false)}>
          {t('hostKey.cancel')}
        </button>
        <button type="button" onClick={() => void answer(question.questionId, true)}>
          {t('hostKey.trust')}
        </button>
      </div>
    </dialog>
  );
}
