import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { doorTimeoutOf } from '../../../src-main/contract/features/profiles';
import type { Draft } from '../stores/profile-draft';

/**
 * "Keep the door open while the session runs", with why it matters. It only
 * means something for a door that closes by itself, so it waits for a
 * timeout (the profile's, or an SPA packet's FW_TIMEOUT); the choice is kept
 * while the timeout is cleared, so nothing ticked is lost.
 */
export function KeepOpenField({ draft, onChange }: { draft: Draft; onChange(keepOpen: boolean): void }) {
  const { t } = useTranslation();
  const hintId = useId();
  const timeout = doorTimeoutOf({
    ...(Number.isNaN(draft.doorTimeoutS) ? {} : { doorTimeoutS: draft.doorTimeoutS }),
    door: draft.door,
    spa: { clientTimeoutS: draft.spa.clientTimeoutS },
  });
  const usable = timeout !== undefined;
  return (
    <div className="field">
      <label className="check">
        <input type="checkbox" checked={draft.keepOpen} disabled={!usable} aria-describedby={hintId} onChange={(e) => onChange(e.target.checked)} />
        {t('editor.keepOpen')}
      </label>
      <p id={hintId} className="hint">
        {usable ? t('editor.keepOpenHint') : t('editor.keepOpenNeedsTimeout')}
      </p>
    </div>
  );
}
