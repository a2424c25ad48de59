import { randomUUID } from 'node:crypto';
import { contractError, type Emit, type FeatureHandlers } from '../../contract';
import type { KnockProgress, knockMethods } from '../../contract/features/knock';
import type { AddressFamily, BannerExpect, KnockStep } from '../../contract/schemas/common';
import { explain } from '../diagnostics/explain';
import { probe, type ProbeDeps } from '../diagnostics/probe';
import { isAbortError } from '../net/abort';
import type { ProfileDoor } from '../door/profile-door';
import { runDoor } from '../door/run-door';
import type { Clock, SocketFactory } from '../net/types';
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
  /** A profile's door when it is not a plain knock sequence (SPA), keys read; undefined for knock profiles. */
  getDoor?(profileId: string): Promise<ProfileDoor | undefined>;
  doorNet?: { sockets: SocketFactory; clock: Clock };
}

export function createKnockHandlers(deps: KnockHandlerDeps): FeatureHandlers<typeof knockMethods> {
  const running = new Map<string, AbortController>();
  const newRunId = deps.newRunId ?? (() => randomUUID());

  return {
    explainDiagnosis: async ({ class: cls, language, detail, port }) =>
      explain(cls, language, { ...(detail !== undefined ? { detail } : {}), ...(port !== undefined ? { port } : {}) }),

    testKnock: async ({ profileId, runId: requested }) => {
      const runId = requested ?? newRunId();
      if (running.has(runId)) throw contractError('CONFLICT', `Run "${runId}" is already in progress.`);
      // SPA: keys read and settings checked before the run is registered (a refusal sends nothing).
      const door = await deps.getDoor?.(profileId);
      const target = door ? undefined : await deps.getTarget(profileId);
      const controller = new AbortController();
      running.set(runId, controller);
      const onProgress = (event: KnockProgress) => deps.emit('knockProgress', { runId, profileId, event });
      try {
        if (door && deps.doorNet) {
          // Resolved once, like every run; the same door and wait the connector uses.
          let pinned;
          try {
            pinned = await deps.engine.resolve(door.host, door.family, { signal: controller.signal, onProgress });
          } catch (error) {
            if (isAbortError(error)) throw error;
            onProgress({ kind: 'failed', class: 'dns-failed', stage: 'resolve' });
            return { status: 'failed', class: 'dns-failed', stage: 'resolve', detail: (error as Error).message };
          }
          return (await runDoor(door.door, pinned, door.wait, deps.doorNet, { signal: controller.signal, onProgress })).result;
        }
        if (!target) throw contractError('INTERNAL', 'No door for this profile.');
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
          { signal: controller.signal, onProgress },
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
