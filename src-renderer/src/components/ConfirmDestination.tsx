import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import type { DestinationInfo } from '../../../src-main/contract/features/profiles';
import { useStores } from '../stores-context';

const describe = (d: DestinationInfo | null) => (d ? `${d.user !== undefined ? `${d.user}@` : ''}${d.host.includes(':') ? `[${d.host}]` : d.host}:${d.port}` : '');

/**
 * Asks before a saved password goes to a new destination: the profile now
 * points at another host, port or user than the secret was saved for (an
 * edit, an import, another program). Main sends nothing until "Send".
 */
export function ConfirmDestination() {
  const { t } = useTranslation();
  const { destination, profiles } = useStores();
  const pending = useStore(destination, (s) => s.pending);
  const error = useStore(destination, (s) => s.error);
  const name = useStore(profiles, (s) => s.all.find((p) => p.id === pending?.status.profileId)?.name);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const el = dialog.current;
    if (pending && el && !el.open) el.showModal();
    if (!pending && el?.open) el.close();
  }, [pending]);

  if (!pending) return null;
  const { status } = pending;
  const what = status.unconfirmed.includes('password') ? t('destination.password') : t('destination.passphrase');
  return (
    <dialog
      ref={dialog}
      className="confirm-destination"
      aria-labelledby="destination-title"
      data-testid="confirm-destination"
      onCancel={() => destination.getState().cancel()}
    >
      <h2 id="destination-title">{t('destination.title', { what })}</h2>
      <p>
        <bdi>{name ?? status.profileId}</bdi>: {t('destination.intro', { what })}
      </p>
      <dl>
        <dt>{t('destination.savedFor')}</dt>
        <dd>
          <bdi>{status.savedFor ? describe(status.savedFor) : t('destination.unknown')}</bdi>
        </dd>
        <dt>{t('destination.now')}</dt>
        <dd>
          <bdi>{describe(status.current)}</bdi>
        </dd>
      </dl>
      <p className="hint">{t('destination.why')}</p>
      {error ? (
        <p role="alert" className="error">
          {t('common.error', { message: error.message })}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" onClick={() => void destination.getState().confirm()}>
          {t('destination.send', { what })}
        </button>
        <button type="button" className="secondary" autoFocus onClick={() => destination.getState().cancel()}>
          {t('destination.cancel')}
        </button>
      </div>
    </dialog>
  );
}
