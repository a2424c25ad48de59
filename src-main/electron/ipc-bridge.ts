import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import {
  checkEvent,
  contractError,
  eventChannel,
  invokeChannel,
  methodNames,
  type Dispatch,
  type Emit,
  type Envelope,
} from '../contract';

export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/**
 * Registers one `ipcMain.handle` per contract method. Every call is checked for
 * its sender (our own window and page only), then validated and dispatched by
 * the shared dispatcher. Returns a function that removes every handler.
 */
export function registerBridge(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatch, isTrustedSender: SenderCheck): () => void {
  for (const method of methodNames) {
    ipcMain.handle(invokeChannel(method), async (event, payload: unknown): Promise<Envelope<unknown>> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: contractError('FORBIDDEN_SENDER', 'This window may not call Sesame.') };
      }
      return dispatch(method, payload);
    });
  }
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(invokeChannel(method));
  };
}

/** Pushes validated events to the renderer, if a window is there to receive them. */
export function createEmitter(target: () => WebContents | undefined): Emit {
  return (event, payload) => {
    const checked = checkEvent(event, payload);
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(eventChannel(event), checked);
  };
}
