import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import { MessageView } from './MessageView';

/** Main's notices (a link to an unknown profile, a tray connect that failed, a profiles file that needs attention). */
export function NoticeBanner() {
  const { t } = useTranslation();
  const { notices } = useStores();
  const list = useStore(notices, (s) => s.notices);
  const dismiss = useStore(notices, (s) => s.dismiss);
  if (list.length === 0) return null;
  return (
    <section className="notices" aria-label={t('notices.label')} data-testid="notices">
      {list.map((notice) => (
        <div key={notice.id ?? notice.message} className={`notice notice-${notice.level}`} role={notice.level === 'info' ? 'status' : 'alert'}>
          <p dir="auto">
            <MessageView message={notice.message} />
          </p>
          <button type="button" className="secondary" onClick={() => dismiss(notice)}>
            {t('notices.dismiss')}
          </button>
        </div>
      ))}
    </section>
  );
}
