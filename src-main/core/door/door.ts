import type { DiagnosisClass, KnockProgress, RunStage } from '../../contract/features/knock';
import type { PinnedTarget } from '../net/types';

/**
 * A door is how a profile's port opens: a knock sequence (knockd) or an SPA
 * packet (fwknop). Everything after the door — the port wait, the banner
 * check, the launch, the diagnosis — is shared and lives outside it
 * (run-door.ts, the connector). A door only sends: it never resolves (the
 * caller pins the target once) and never waits for the port.
 */
export type DoorKind = 'knock' | 'spa';

export interface DoorOptions {
  signal?: AbortSignal;
  /** `step` per packet sent, then `done`, as the knock engine reports them: the UI, tray and CLI need nothing new. */
  onProgress?: (event: KnockProgress) => void;
}

/** What a door did, for "open N ms after the first packet" and for its diagnosis. */
export interface DoorOpened {
  /** Clock times (the injected monotonic clock) of the first and last packet. */
  firstPacketAt: number;
  lastPacketAt: number;
  packets: number;
  /** Things the user should know even when the door opens (a skewed TIME_OFFSET, no HMAC…). */
  warnings: string[];
}

/** A failed wait after the door, in the run's terms. */
export interface DoorFailure {
  class: DiagnosisClass;
  stage: RunStage;
  detail?: string;
}

export interface Door<Opened extends DoorOpened = DoorOpened> {
  readonly kind: DoorKind;
  /**
   * Sends what opens the door to the pinned address. Throws DoorSendError when
   * the packets cannot leave this machine; a profile that cannot be sent at all
   * (wrong family, missing key) is refused before anything goes out.
   */
  open(target: PinnedTarget, options?: DoorOptions): Promise<Opened>;
  /** Sends what closes the door (knock close sequence); absent when the server closes it by itself (SPA). */
  close?(target: PinnedTarget, options?: DoorOptions): Promise<void>;
  /** Reads a failed port wait in this door's terms (SPA: a filtered port is `spa-filtered`). */
  explainWait?(failure: DoorFailure, opened: Opened): DoorFailure;
}

/** The door's packets could not leave this machine; `code` is Node's (EHOSTUNREACH…). */
export class DoorSendError extends Error {
  override readonly name = 'DoorSendError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

/**
 * The profile cannot open its door at all (an IPv6-only target for SPA, settings
 * fwknop would refuse, a missing key): nothing was sent. The connector reports
 * it as INVALID_INPUT; the CLI as a usage error naming the setting.
 */
export class DoorConfigError extends Error {
  override readonly name = 'DoorConfigError';
}
