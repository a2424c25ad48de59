import { createStore } from 'zustand/vanilla';
import type { EventPayload, SesameApi } from '../../../src-main/contract';

export type Notice = EventPayload<'appNotice'>;

export interface NoticesState {
  notices: Notice[];
  /** What main kept while no window listened (a link that started the app, a reload). */
  load(): Promise<void>;
  dismiss(notice: Notice): void;
  attach(): () => void;
}

/** Notices from main (appNotice): shown until dismissed; main forgets a dismissed one too. */
export function createNoticesStore(api: Pick<SesameApi, 'listNotices' | 'dismissNotice' | 'on'>) {
  return createStore<NoticesState>()((set, get) => {
    const add = (notice: Notice) => {
      const others = get().notices.filter((n) => (notice.id !== undefined ? n.id !== notice.id : n.message !== notice.message));
      set({ notices: [...others, notice] });
    };
    return {
      notices: [],
      async load() {
        try {
          const { notices } = await api.listNotices({});
          notices.forEach(add);
        } catch {
          // An older main without the method: events alone still arrive.
        }
      },
      dismiss(notice) {
        set({ notices: get().notices.filter((n) => n !== notice) });
        if (notice.id !== undefined) void api.dismissNotice({ id: notice.id }).catch(() => undefined);
      },
      attach() {
        return api.on('appNotice', add);
      },
    };
  });
}

export type NoticesStore = ReturnType<typeof createNoticesStore>;
