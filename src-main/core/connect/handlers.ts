import { randomUUID } from 'node:crypto';
import type { FeatureHandlers } from '../../contract';
import type { connectMethods } from '../../contract/features/connect';
import type { Connector } from './connector';
import type { HistoryStore } from './history';
import type { HostKeyQuestions } from './host-key-questions';

export function createConnectHandlers(deps: { connector: Connector; history: HistoryStore; hostKeys?: HostKeyQuestions }): FeatureHandlers<typeof connectMethods> {
  return {
    connect: async ({ profileId, runId, sendCloseSequence }) => {
      // The live client handle stays in main; the renderer gets the outcome only.
      const { client: _client, ...result } = await deps.connector.connect({ profileId, runId: runId ?? randomUUID(), sendCloseSequence });
      return result;
    },
    cancelConnect: async ({ runId }) => ({ cancelled: deps.connector.cancel(runId) }),
    listHistory: async ({ profileId, limit }) => ({ entries: await deps.history.list({ ...(profileId ? { profileId } : {}), limit }) }),
    answerHostKey: async ({ questionId, trust }) => ({ answered: deps.hostKeys?.answer(questionId, trust) ?? false }),
  };
}
