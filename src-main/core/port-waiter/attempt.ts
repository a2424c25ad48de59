import type { DiagnosisClass } from '../../contract/features/knock';
import type { BannerExpect } from '../../contract/schemas/common';
import { classifyErrorCode } from '../diagnostics/classify';
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
}

const bannerPrefix: Record<Exclude<BannerExpect, 'none'>, string> = { ssh: 'SSH-', ftp: '220' };

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
 * timeout to judge.
 */
export function startAttempt(
  sockets: SocketFactory,
  target: PinnedTarget,
  port: number,
  expect: BannerExpect,
  onOutcome: (outcome: AttemptOutcome) => void,
  onConnect: () => void = () => {},
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
    if (expect === 'none') return;
    const prefix = bannerPrefix[expect];
    const text = new TextDecoder().decode(received.subarray(0, prefix.length));
    if (text === prefix) {
      settle({ kind: 'open', banner: printableBanner(received) });
    } else if (!prefix.startsWith(text) || final) {
      settle({ kind: 'failed', class: 'wrong-service', banner: printableBanner(received) });
    }
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
    if (expect === 'none') settle({ kind: 'open' });
    else onConnect();
  });
  socket.on('data', (chunk) => {
    if (settled) return;
    const merged = new Uint8Array(received.length + chunk.length);
    merged.set(received);
    merged.set(chunk, received.length);
    received = merged.subarray(0, 512);
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
  };
}
