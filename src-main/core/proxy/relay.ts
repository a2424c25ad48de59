import type { Socket } from 'node:net';

export interface RelayResult {
  /** Who ended the session: the server closed (or reset) the connection, or the relay was stopped. */
  endedBy: 'server' | 'stopped' | 'error';
  /** Bytes from the server to stdout, and from stdin to the server. */
  fromServer: number;
  toServer: number;
  /** Node's error code when the connection failed mid-session (ECONNRESET…). */
  code?: string;
}

export interface RelayEnds {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  socket: Socket;
}

/**
 * Relays stdin → socket and socket → stdout until the server side closes.
 *
 * Half-close both ways, as `ssh -W` does: stdin's end becomes a FIN to the
 * server (the socket must be allowHalfOpen, so Node does not shut the read
 * side with it) and the relay keeps reading until the server closes — scp and
 * rsync send their last bytes, close their end, and still need the server's
 * last reply. The server's close ends the relay once stdout has taken every
 * byte (the caller then exits, which closes stdout for the reader).
 *
 * stdout carries the server's bytes and nothing else: every message goes to
 * stderr, because ssh reads this stream as the SSH protocol.
 *
 * `stop()` (ssh sent SIGHUP, Ctrl-C) ends the relay at once.
 */
export function relay({ input, output, socket }: RelayEnds): { done: Promise<RelayResult>; stop: () => void } {
  let fromServer = 0;
  let toServer = 0;
  let finish: (result: RelayResult) => void = () => {};
  const done = new Promise<RelayResult>((resolve) => {
    finish = resolve;
  });
  let finished = false;
  const end = (endedBy: RelayResult['endedBy'], code?: string): void => {
    if (finished) return;
    finished = true;
    input.removeListener('data', onInput);
    input.removeListener('end', onInputEnd);
    input.pause();
    // stdin's pending read would keep the process alive after the session.
    (input as { destroy?: () => void }).destroy?.();
    socket.destroy();
    finish({ endedBy, fromServer, toServer, ...(code ? { code } : {}) });
  };

  const onInput = (chunk: Buffer | string): void => {
    toServer += chunk.length;
    if (!socket.write(chunk)) {
      input.pause();
      socket.once('drain', () => input.resume());
    }
  };
  const onInputEnd = (): void => {
    socket.end();
  };
  input.on('data', onInput);
  input.on('end', onInputEnd);
  input.on('error', () => socket.end());

  socket.on('data', (chunk: Buffer) => {
    fromServer += chunk.length;
    if (!output.write(chunk)) {
      socket.pause();
      output.once('drain', () => socket.resume());
    }
  });
  // The reader of stdout went away (ssh exited): nobody is left to relay to.
  output.on('error', () => end('stopped'));
  let serverEnded = false;
  socket.on('end', () => {
    serverEnded = true;
    // Every byte written to stdout reaches the reader before the relay reports.
    output.write('', () => end('server'));
  });
  socket.on('error', (error: NodeJS.ErrnoException) => end('error', error.code));
  socket.on('close', () => {
    if (!serverEnded) end('server');
  });
  input.resume();
  socket.resume();
  return { done, stop: () => end('stopped') };
}
