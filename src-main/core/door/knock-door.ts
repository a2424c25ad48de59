import type { KnockStep } from '../../contract/schemas/common';
import { defaultDelayMs, type KnockEngine } from '../knock/engine';
import { KnockSendError } from '../knock/send-knock';
import { DoorSendError, type Door, type DoorOpened } from './door';

export interface KnockDoorConfig {
  steps: KnockStep[];
  delayMs?: number;
  /** The profile's close sequence, sent by `close()`. */
  closeSteps?: KnockStep[];
  closeDelayMs?: number;
}

/**
 * The knock door: the existing knock engine, unchanged. `engine.knock` keeps
 * its per-address serialisation (knockd tracks one sequence per source), its
 * one-SYN TCP knocks and its progress events; this only adapts it to Door.
 */
export function createKnockDoor(engine: KnockEngine, config: KnockDoorConfig): Door {
  const send = async (target: Parameters<KnockEngine['knock']>[0], steps: KnockStep[], delayMs: number, options: Parameters<Door['open']>[1]) => {
    try {
      return await engine.knock(target, steps, delayMs, options ?? {});
    } catch (error) {
      if (error instanceof KnockSendError) throw new DoorSendError(error.message, error.code);
      throw error;
    }
  };
  const door: Door = {
    kind: 'knock',
    async open(target, options): Promise<DoorOpened> {
      const times = await send(target, config.steps, config.delayMs ?? defaultDelayMs, options);
      return { firstPacketAt: times.firstKnockAt, lastPacketAt: times.lastKnockAt, packets: config.steps.length, warnings: [] };
    },
  };
  if (config.closeSteps && config.closeSteps.length > 0) {
    const closeSteps = config.closeSteps;
    door.close = async (target, options) => {
      await send(target, closeSteps, config.closeDelayMs ?? defaultDelayMs, options);
    };
  }
  return door;
}
