import type { Emit, EventPayload } from '../contract';

export type Notice = Required<EventPayload<'appNotice'>>;

/**
 * What main has to tell the user outside any call's answer (a `sesame://` link
 * naming no profile, a tray connect that failed, a profiles file that needs
 * attention). Each notice is pushed to the window as `appNotice` and also kept
 * here until dismissed: a window that was not open yet (a link that started
 * the app) or reloaded asks with `listNotices`, so no notice goes unseen.
 */
export function createNoticeBoard(emit: Emit, keep = 20) {
  const notices: Notice[] = [];
  let next = 1;
  return {
    push(notice: Omit<Notice, 'id'>): Notice {
      const full: Notice = { id: `n${next++}`, ...notice };
      // The same message twice (a file re-read, a link clicked again) is shown once.
      const same = notices.findIndex((n) => n.message === full.message && n.level === full.level);
      if (same >= 0) notices.splice(same, 1);
      notices.push(full);
      while (notices.length > keep) notices.shift();
      emit('appNotice', full);
      return full;
    },
    list(): Notice[] {
      return [...notices];
    },
    dismiss(id: string): boolean {
      const at = notices.findIndex((n) => n.id === id);
      if (at < 0) return false;
      notices.splice(at, 1);
      return true;
    },
  };
}

export type NoticeBoard = ReturnType<typeof createNoticeBoard>;
