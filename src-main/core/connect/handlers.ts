import { contractError, type FeatureHandlers } from '../../contract';
import type { connectMethods } from '../../contract/features/connect';

// Placeholder until the connect orchestrator lands (issue 5).
export function createConnectHandlers(): FeatureHandlers<typeof connectMethods> {
  const notYet = async (): Promise<never> => {
    throw contractError('NOT_IMPLEMENTED', 'Connecting is not available in this build yet.');
  };
  return { connect: notYet, cancelConnect: notYet, listHistory: async () => ({ entries: [] }) };
}
