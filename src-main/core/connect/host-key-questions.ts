import { randomUUID } from 'node:crypto';
import type { Emit } from '../../contract';
import type { HostKeyQuestion } from '../launcher/askpass-prompts';

export interface HostKeyAsk {
  runId: string;
  profileId: string;
  question: HostKeyQuestion;
}

/**
 * ssh's host-key questions, asked in the app's window: each becomes a
 * `hostKeyQuestion` event and waits for `answerHostKey`. An unanswered one is
 * "no" after `timeoutMs` (before the askpass helper itself gives up), and the
 * window is told to close its dialog.
 */
export function createHostKeyQuestions(deps: { emit: Emit; timeoutMs?: number; newId?: () => string }) {
  const pending = new Map<string, (trust: boolean) => void>();
  const timeoutMs = deps.timeoutMs ?? 110_000;
  return {
    ask({ runId, profileId, question }: HostKeyAsk): Promise<boolean> {
      const questionId = (deps.newId ?? randomUUID)();
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => settle(false, true), timeoutMs);
        timer.unref?.();
        const settle = (trust: boolean, expired: boolean) => {
          if (!pending.delete(questionId)) return;
          clearTimeout(timer);
          if (expired) deps.emit('hostKeyQuestionClosed', { questionId });
          resolve(trust);
        };
        pending.set(questionId, (trust) => settle(trust, false));
        deps.emit('hostKeyQuestion', {
          questionId,
          runId,
          profileId,
          text: question.text,
          ...(question.host !== undefined ? { host: question.host } : {}),
          ...(question.keyType !== undefined ? { keyType: question.keyType } : {}),
          ...(question.fingerprint !== undefined ? { fingerprint: question.fingerprint } : {}),
        });
      });
    },
    /** False when the question is unknown (answered already, expired). */
    answer(questionId: string, trust: boolean): boolean {
      const resolve = pending.get(questionId);
      if (resolve === undefined) return false;
      resolve(trust);
      return true;
    },
  };
}

export type HostKeyQuestions = ReturnType<typeof createHostKeyQuestions>;
