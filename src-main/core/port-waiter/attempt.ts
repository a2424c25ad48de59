import type { DiagnosisClass } from '../../contract/features/knock';
import type { BannerExpect } from '../../contract/schemas/common';
import { classifyErrorCode } from '../diagnostics/classify';
import { judgeGreeting } from '../diagnostics/greeting';
import { errorCode, type PinnedTarget, type SocketFactory } from '../net/types';

export type AttemptOutcome =
  | { kind: 'open'; banner?: string }
  | { kind: 'failed'; class: DiagnosisClass; code?: string; banner?: string };

/** One TCP connection attempt, optionally proving the service by its banner. */
export interface Attempt {
  /** The handshake completed (the firewall let us in), whatever the banner turns out to be. */
  readonly connected: boolean;
  /** Closes the socket; no outcome is reported afterwards. */
  cancel(): void;
  /** Listening attempts: ends the listen and reports what was heard (silence is "open"). */
  stopListening(): void;
}

/** Bytes kept of a greeting: enough for any first line worth judging. */
const maxGreeting = 512;

/** First line of what the server said, made safe to print in a terminal or a label. */
export function printableBanner(bytes: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const line = text.split(/\r?\n/)[0] ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 120);
}

/**
 * Starts a connection attempt and reports exactly one outcome, unless
 * cancelled first. "Filtered" is never reported here: silence is the caller's
 * timeout to judge. `listen` (with expect "none"): after the handshake, keep
 * the connection and judge whatever the server says or does until the caller
 * calls stopListening(), instead of calling it open at once.
 */
export function startAttempt(
  sockets: SocketFactory,
  target: PinnedTarget,
  port: number,
  expect: BannerExpect,
  onOutcome: (outcome: AttemptOutcome) => void,
  onConnect: () => void = () => {},
  listen = false,
): Attempt {
  let connected = false;
  let settled = false;
  let received = new Uint8Array(0);
  const socket = sockets.connectTcp({ host: target.address, port, family: target.family });

  const settle = (outcome: AttemptOutcome): void => {
    if (settled) return;
    settled = true;
    socket.destroy();
    onOutcome(outcome);
  };

  const judgeBanner = (final: boolean): void => {
    if (expect === 'none' && !listen) return;
    const text = new TextDecoder().decode(received);
    const verdict = judgeGreeting(expect, text, final || received.length >= maxGreeting);
    if (verdict === 'pending') return;
    const banner = printableBanner(received);
    if (verdict === 'greeting') settle({ kind: 'open', banner });
    // A refusal before login is the service turning us away (TCP wrappers, limits), like a close before any byte.
    else settle({ kind: 'failed', class: verdict === 'refusal' ? 'reset-before-banner' : 'wrong-service', banner });
  };

  socket.on('error', (error) => {
    const code = errorCode(error);
    if (connected && received.length > 0) {
      judgeBanner(true);
      return;
    }
    settle({ kind: 'failed', class: classifyErrorCode(code, connected), ...(code ? { code } : {}) });
  });
  socket.on('connect', () => {
    connected = true;
    if (expect === 'none' && !listen) settle({ kind: 'open' });
    else onConnect();
  });
  socket.on('data', (chunk) => {
    if (settled) return;
    const merged = new Uint8Array(received.length + chunk.length);
    merged.set(received);
    merged.set(chunk, received.length);
    received = merged.subarray(0, maxGreeting);
    judgeBanner(false);
  });
  const onEnd = (): void => {
    if (settled) return;
    if (!connected) {
      settle({ kind: 'failed', class: 'refused' });
    } else if (received.length === 0) {
      // Accepted, then closed before a single byte: TCP wrappers' signature.
      settle({ kind: 'failed', class: 'reset-before-banner' });
    } else {
      judgeBanner(true);
    }
  };
  socket.on('end', onEnd);
  socket.on('close', onEnd);

  return {
    get connected() {
      return connected;
    },
    cancel: () => {
      if (settled) return;
      settled = true;
      socket.destroy();
    },
    stopListening: () => {
      if (settled) return;
      if (received.length > 0) judgeBanner(true);
      else settle({ kind: 'open' });
    },
  };
}
