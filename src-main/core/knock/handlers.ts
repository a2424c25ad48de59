import { randomUUID } from 'node:crypto';
import { contractError, type Emit, type FeatureHandlers } from '../../contract';
import type { knockMethods } from '../../contract/features/knock';
import type { AddressFamily, BannerExpect, KnockStep } from '../../contract/schemas/common';
import { explain } from '../diagnostics/explain';
import { probe, type ProbeDeps } from '../diagnostics/probe';
import { isAbortError } from '../net/abort';
import type { KnockEngine } from './engine';

/** What main knows about a profile's door; looked up by id, never taken from the renderer. */
export interface KnockTarget {
  host: string;
  family: AddressFamily;
  steps: KnockStep[];
  delayMs?: number;
  guardedPort?: number;
  timeoutMs?: number;
  expect?: BannerExpect;
}

export interface KnockHandlerDeps {
  engine: KnockEngine;
  probeDeps: ProbeDeps;
  /** Resolves a profile id to its target; throws a NOT_FOUND ContractError for unknown ids. */
  getTarget(profileId: string): Promise<KnockTarget>;
  emit: Emit;
  newRunId?: () => string;
}

export function createKnockHandlers(deps: KnockHandlerDeps): FeatureHandlers<typeof knockMethods> {
  const running = new Map<string, AbortController>();
  const newRunId = deps.newRunId ?? (() => randomUUID());

  return {
    explainDiagnosis: async ({ class: cls, language }) => explain(cls, language),

    testKnock: async ({ profileId, runId: requested }) => {
      const runId = requested ?? newRunId();
      if (running.has(runId)) throw contractError('CONFLICT', `Run "${runId}" is already in progress.`);
      const target = await deps.getTarget(profileId);
      const controller = new AbortController();
      running.set(runId, controller);
      try {
        return await deps.engine.run(
          {
            host: target.host,
            family: target.family,
            steps: target.steps,
            ...(target.delayMs !== undefined ? { delayMs: target.delayMs } : {}),
            ...(target.guardedPort !== undefined
              ? { wait: { port: target.guardedPort, ...(target.timeoutMs ? { timeoutMs: target.timeoutMs } : {}), expect: target.expect ?? 'none' } }
              : {}),
          },
          { signal: controller.signal, onProgress: (event) => deps.emit('knockProgress', { runId, profileId, event }) },
        );
      } catch (error) {
        if (isAbortError(error) || controller.signal.aborted) throw contractError('CANCELLED', 'The knock was cancelled.');
        throw error;
      } finally {
        running.delete(runId);
      }
    },

    probeProfile: async ({ profileId }) => {
      const target = await deps.getTarget(profileId);
      if (target.guardedPort === undefined) {
        throw contractError('INVALID_INPUT', 'This profile has no guarded port to probe: set the port in the profile.');
      }
      return probe(
        { host: target.host, family: target.family, port: target.guardedPort, expect: target.expect ?? 'none' },
        deps.probeDeps,
      );
    },

    cancelKnock: async ({ runId }) => {
      const controller = running.get(runId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}
