import { createStore } from 'zustand/vanilla';
import type { SesameApi } from '../../../src-main/contract';
import type { HostKeyQuestionEvent } from '../../../src-main/contract/features/connect';

export interface HostKeyState {
  /** Questions waiting for the user, oldest first (one dialog at a time). */
  pending: HostKeyQuestionEvent[];
  answer(questionId: string, trust: boolean): Promise<void>;
  attach(): () => void;
}

/** ssh's "unknown host key" questions, which main asks the window because ssh sent them to Sesame's helper. */
export function createHostKeyStore(api: Pick<SesameApi, 'answerHostKey' | 'on'>) {
  return createStore<HostKeyState>()((set, get) => {
    const drop = (questionId: string) => set({ pending: get().pending.filter((q) => q.questionId !== questionId) });
    return {
      pending: [],
      async answer(questionId, trust) {
        drop(questionId);
        await api.answerHostKey({ questionId, trust }).catch(() => undefined);
      },
      attach() {
        const offs = [
          api.on('hostKeyQuestion', (question) => set({ pending: [...get().pending, question] })),
          api.on('hostKeyQuestionClosed', ({ questionId }) => drop(questionId)),
        ];
        return () => offs.forEach((off) => off());
      },
    };
  });
}

export type HostKeyStore = ReturnType<typeof createHostKeyStore>;
