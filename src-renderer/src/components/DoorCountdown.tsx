import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { doorLineText, doorMarkText } from '../lib/door-text';
import { useMessageText } from '../i18n/use-message-text';
import { useStores } from '../stores-context';

/**
 * The list row's mark for a door open now ("open · 3:12", "kept open").
 * The selector returns the text, so a row re-renders only when its own
 * text changes, not on every tick of the doors store.
 */
export function DoorMark({ profileId }: { profileId: string }) {
  const { t } = useTranslation();
  const { doors } = useStores();
  const text = useStore(doors, (s) => {
    const door = s.doors[profileId];
    return door ? doorMarkText(t, door, s.now) : undefined;
  });
  const failed = useStore(doors, (s) => s.doors[profileId]?.lastError !== undefined);
  if (text === undefined) return null;
  return (
    <span className={`badge door-mark${failed ? ' door-mark-failed' : ''}`} data-testid="door-mark">
      {text}
    </span>
  );
}

/**
 * The detail pane's line for a door open now: its countdown, the last
 * re-knock's failure in plain words, and "Close now" (ends keeping it open
 * and sends the close sequence if the profile has one).
 */
export function DoorLine({ profileId }: { profileId: string }) {
  const { t, i18n } = useTranslation();
  const messageText = useMessageText();
  const { doors } = useStores();
  const door = useStore(doors, (s) => s.doors[profileId]);
  const now = useStore(doors, (s) => s.now);
  const closing = useStore(doors, (s) => s.closing[profileId] === true);
  const closeError = useStore(doors, (s) => s.closeError[profileId]);
  const closeNow = useStore(doors, (s) => s.closeNow);
  if (!door) return null;
  // Only for sessions Sesame cannot follow: those stop at the cap from Settings.
  const until = door.keptOpen && !door.followsSession && door.until !== undefined ? new Date(door.until).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' }) : undefined;
  return (
    // A plain block, not a region: the door card below is already the "Door" landmark.
    <div className="door-line" data-testid="door-line">
      {/* Not a live region: a countdown read out every second would drown everything else. */}
      <span className="door-countdown" data-testid="door-countdown">
        <span className="status-dot status-open" aria-hidden="true" />
        {doorLineText(t, door, now)}
      </span>
      <button type="button" className="secondary" disabled={closing} onClick={() => void closeNow(profileId)}>
        {closing ? t('door.closing') : t('door.closeNow')}
      </button>
      {until ? <p className="hint">{t('door.keptUntil', { time: until })}</p> : null}
      {door.lastError !== undefined ? (
        <p role="alert" className="warning" data-testid="door-error">
          {t('door.lastError', { error: messageText(door.lastError).text })}
        </p>
      ) : null}
      {closeError ? (
        <p role="alert" className="error">
          {t('door.closeFailed', { error: messageText(closeError.message).text })}
        </p>
      ) : null}
    </div>
  );
}
