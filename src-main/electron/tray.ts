import { Menu, Tray, nativeImage, type MenuItemConstructorOptions } from 'electron';
import type { TrayItem } from '../core/shell/tray-menu';

export interface TrayDeps {
  iconPath: string;
  tooltip: string;
  labels: { open: string; quit: string };
  menu(): Promise<TrayItem[]>;
  onConnect(profileId: string): void;
  /** "Close now" on an open door. */
  onCloseDoor(profileId: string): void;
  onOpen(): void;
  onQuit(): void;
}

function toTemplate(items: TrayItem[], deps: TrayDeps): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.type) {
      case 'connect':
        return { label: item.label, enabled: item.enabled, click: () => deps.onConnect(item.profileId) };
      case 'submenu':
        return { label: item.label, submenu: toTemplate(item.items, deps) };
      case 'closeDoor':
        return { label: item.label, click: () => deps.onCloseDoor(item.profileId) };
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'open':
        return { label: deps.labels.open, click: deps.onOpen };
      case 'quit':
        return { label: deps.labels.quit, click: deps.onQuit };
    }
  });
}

/** The tray icon; its menu is rebuilt from the pure model whenever profiles or runs change. */
export function createTray(deps: TrayDeps): { refresh(): Promise<void>; destroy(): void } {
  const image = nativeImage.createFromPath(deps.iconPath);
  if (process.platform === 'darwin') image.setTemplateImage(true);
  const tray = new Tray(image);
  tray.setToolTip(deps.tooltip);
  tray.on('click', () => {
    // Linux/Windows: a click opens the window; the menu is on right-click (and always on macOS).
    if (process.platform !== 'darwin') deps.onOpen();
  });
  return {
    async refresh() {
      tray.setContextMenu(Menu.buildFromTemplate(toTemplate(await deps.menu(), deps)));
    },
    destroy: () => tray.destroy(),
  };
}
