import { app, clipboard, dialog, Notification, type BrowserWindow } from 'electron';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { Emit, EventName, EventPayload } from '../contract';
import type { ConnectProgress } from '../contract/features/connect';
import { missingForConnect } from '../contract/features/profiles';
import { isolate } from '../contract/schemas/common';
import { pickLanguage, type Language } from '../contract/locales';
import type { Core } from '../core/app-core';
import { explain } from '../core/diagnostics/explain';
import type { Dialogs } from '../core/files/handlers';
import { translate } from '../core/i18n';
import type { ClipboardPort } from '../core/launcher/types';
import { requestsFromArgv, type ExternalRequest } from '../core/shell/deep-link';
import { createRunStatus } from '../core/shell/run-status';
import { buildTrayMenu, doorLabels, stageLabel } from '../core/shell/tray-menu';
import { createTray } from './tray';

/** Electron's dialogs, parented to the main window when there is one; questions in the tray's language. */
export function electronDialogs(window: () => BrowserWindow | undefined, language: () => Language = () => pickLanguage(app.getLocale())): Dialogs {
  return {
    async confirmCommand({ profileName, argv }) {
      // A native box, not the page: a compromised renderer cannot answer it (core/launcher/template-approval.ts).
      const text = translate(language(), 'shell');
      const props = {
        type: 'warning' as const,
        buttons: [text('command.save'), text('command.cancel')],
        defaultId: 1,
        cancelId: 1,
        message: text('command.message', { name: profileName }),
        detail: text('command.detail', { command: argv.map((a) => (/[\s"'\\]/.test(a) ? JSON.stringify(a) : a)).join(' ') }),
      };
      const win = window();
      const { response } = win ? await dialog.showMessageBox(win, props) : await dialog.showMessageBox(props);
      return response === 0;
    },
    async openFile(options) {
      const win = window();
      const props = { title: options.title, filters: options.filters, properties: ['openFile' as const] };
      const result = win ? await dialog.showOpenDialog(win, props) : await dialog.showOpenDialog(props);
      return result.canceled ? undefined : result.filePaths[0];
    },
    async saveFile(options) {
      const win = window();
      const props = { title: options.title, defaultPath: options.defaultName, filters: options.filters };
      const result = win ? await dialog.showSaveDialog(win, props) : await dialog.showSaveDialog(props);
      return result.canceled ? undefined : result.filePath;
    },
  };
}

export const electronClipboard: ClipboardPort = {
  writeText: (text) => clipboard.writeText(text),
  readText: () => clipboard.readText(),
};

export interface ShellDeps {
  core: () => Core | undefined;
  /** Forwards to the window (validated there). */
  send: Emit;
  showWindow(): void;
  quit(): void;
  trayIcon: string;
  /** Wall clock for the doors' countdowns in the tray (epoch ms, as main's open doors use). */
  now?: () => number;
}

/**
 * Everything outside the window: the tray (profiles by group, live status),
 * native notifications when a connect opens or fails, `sesame://` links and
 * `.sesame` files. It observes main's events rather than owning any logic.
 */
export function createShell(deps: ShellDeps) {
  const status = createRunStatus();
  let language: Language = pickLanguage(app.getLocale());
  const t = () => translate(language, 'shell');

  const tray = createTray({
    iconPath: deps.trayIcon,
    tooltip: t()('tray.tooltip'),
    labels: { open: t()('tray.open'), quit: t()('tray.quit') },
    menu: async () => {
      const core = deps.core();
      const { profiles } = core ? await core.profiles.list() : { profiles: [] };
      const text = t();
      const names = new Map(profiles.map((p) => [p.id, p.name]));
      const now = (deps.now ?? Date.now)();
      const doors = (core?.openDoors.list() ?? []).map((door) => doorLabels(door, names.get(door.profileId) ?? door.profileId, now, (key, values) => text(key, values)));
      return buildTrayMenu({
        doors,
        profiles: profiles.map((p) => ({ id: p.id, name: p.name, group: p.group, draft: missingForConnect(p).length > 0 })),
        running: new Map([...status.running].map(([id, stage]) => [id, stageLabel(stage, (key, values) => text(key, values))])),
        open: status.open(),
        labels: { noGroup: text('tray.noGroup'), empty: text('tray.empty'), openNow: text('tray.openNow') },
      });
    },
    onConnect: (profileId) => void connect(profileId, 'tray'),
    // The list changes through openDoorsChanged, which rebuilds the menu.
    onCloseDoor: (profileId) => void closeDoor(profileId),
    onOpen: deps.showWindow,
    onQuit: deps.quit,
  });

  async function profileName(id: string): Promise<string> {
    return isolate((await deps.core()?.profiles.get(id).catch(() => undefined))?.name ?? id);
  }

  async function notify(profileId: string, event: ConnectProgress): Promise<void> {
    const notice = status.update(profileId, event);
    if (!notice || !Notification.isSupported()) return;
    const name = await profileName(profileId);
    const text = t();
    const note =
      notice.kind === 'opened'
        ? { title: text('notify.openedTitle', { name }), body: text('notify.openedBody', { ms: notice.ms }) }
        : notice.kind === 'closeFailed'
          ? { title: text('notify.closeFailedTitle', { name }), body: text('notify.closeFailedBody') }
          : {
              title: text('notify.failedTitle', { name }),
              body: notice.diagnosis ? text('notify.failedBody', { headline: explain(notice.diagnosis, language).title }) : text('notify.failedUnknown'),
            };
    new Notification(note).show();
  }

  async function connect(profileRef: string, source: 'tray' | 'link'): Promise<void> {
    const core = deps.core();
    if (!core) return;
    const profile = await core.profiles.resolve(profileRef).catch(() => undefined);
    if (!profile) {
      deps.showWindow();
      core.notices.push({ level: 'error', message: t()('dialogs.notFound', { name: isolate(profileRef) }) });
      return;
    }
    // A link can come from any web page or program: knocking opens a firewall for this
    // machine's address, so the user confirms which door before anything is sent.
    if (source === 'link') {
      const text = t();
      const { response } = await dialog.showMessageBox({
        type: 'question',
        buttons: [text('confirm.connect'), text('confirm.cancel')],
        defaultId: 1,
        cancelId: 1,
        // Isolated: a name (or host) must not be able to reorder the question around it.
        message: text('confirm.message', { name: isolate(profile.name), host: isolate(profile.host ?? '') }),
        detail: text('confirm.detail'),
      });
      if (response !== 0) return;
    }
    const runId = randomUUID();
    deps.send('connectStarted', { runId, profileId: profile.id, source });
    await core.connector.connect({ profileId: profile.id, runId }).catch((error: unknown) => {
      core.notices.push({ level: 'error', message: (error as { message?: string }).message ?? String(error) });
    });
  }

  async function closeDoor(profileId: string): Promise<void> {
    await deps.core()?.openDoors.closeNow(profileId).catch((error: unknown) => {
      deps.core()?.notices.push({ level: 'error', message: (error as { message?: string }).message ?? String(error) });
    });
  }

  function handle(request: ExternalRequest): void {
    if (request.kind === 'connect') {
      void connect(request.profile, 'link');
      return;
    }
    const core = deps.core();
    if (!core) return;
    const token = core.sharing.registerImportFile(request.path);
    deps.showWindow();
    deps.send('importRequested', { token, fileName: basename(request.path) });
  }

  return {
    /** Wraps main's emitter: the window gets every event; the shell watches a few. */
    observe<E extends EventName>(event: E, payload: EventPayload<E>): void {
      deps.send(event, payload);
      if (event === 'connectProgress') {
        const { profileId, event: progress } = payload as EventPayload<'connectProgress'>;
        void notify(profileId, progress).then(() => tray.refresh());
      } else if (event === 'profilesChanged' || event === 'openDoorsChanged') void tray.refresh();
    },
    handleArgv: (argv: readonly string[]) => requestsFromArgv(argv).forEach(handle),
    handleUrl: (url: string) => requestsFromArgv([url]).forEach(handle),
    handleFile: (path: string) => handle({ kind: 'import', path }),
    setLanguage(next: Language) {
      language = next;
      void tray.refresh();
    },
    language: (): Language => language,
    refresh: () => tray.refresh(),
    destroy: () => tray.destroy(),
  };
}
