import { z } from 'zod';
import { delayMsSchema, timeoutMsSchema } from '../schemas/common';

/**
 * App preferences, persisted by main as JSON next to profiles.json. Every
 * field has a default, so a missing or partly corrupt file still yields a
 * usable set, and an older file gains new fields without a migration.
 */

export const themeSchema = z.enum(['system', 'light', 'dark'], { message: 'must be "system", "light" or "dark"' });
export type Theme = z.infer<typeof themeSchema>;

/** "system" follows the OS locale that main reports; a language code pins it. */
export const languagePreferenceSchema = z.enum(['system', 'en', 'ko'], { message: 'must be "system", "en" or "ko"' });
export type LanguagePreference = z.infer<typeof languagePreferenceSchema>;

/** The terminal windows the launchers know (mirrors core/launcher/types.ts TerminalId). */
export const terminalIdSchema = z.enum([
  'windows-terminal',
  'console',
  'terminal-app',
  'iterm2',
  'x-terminal-emulator',
  'gnome-terminal',
  'konsole',
  'xterm',
]);
export type TerminalIdName = z.infer<typeof terminalIdSchema>;

export const sshClientChoiceSchema = z.enum(['auto', 'openssh', 'putty'], { message: 'must be "auto", "openssh" or "putty"' });
export const ftpClientChoiceSchema = z.enum(['auto', 'lftp', 'winscp', 'filezilla'], {
  message: 'must be "auto", "lftp", "winscp" or "filezilla"',
});

export const settingsShape = {
  language: languagePreferenceSchema.default('system'),
  theme: themeSchema.default('system'),
  /** "auto" = the first terminal detection finds, in preference order. */
  terminal: z.union([z.literal('auto'), terminalIdSchema]).default('auto'),
  sshClient: sshClientChoiceSchema.default('auto'),
  ftpClient: ftpClientChoiceSchema.default('auto'),
  /** Pre-filled into new profiles: the delay between knock steps. */
  defaultDelayMs: delayMsSchema.default(100),
  /** Pre-filled into new profiles: how long to wait for the guarded port. */
  defaultOpenTimeoutMs: timeoutMsSchema.default(10_000),
  startInTray: z.boolean({ message: 'must be true or false' }).default(false),
  /** Closing the window leaves Sesame in the tray (Quit is in the tray menu). */
  closeToTray: z.boolean({ message: 'must be true or false' }).default(true),
  launchAtLogin: z.boolean({ message: 'must be true or false' }).default(false),
  /**
   * A kept-open door whose session Sesame cannot follow (a terminal that
   * forks, a hand-off to a running terminal) stops being kept open after this
   * many hours, unless the user closes it sooner ("Close now").
   */
  keepOpenMaxHours: z.number({ message: 'must be a number of hours' }).int('must be whole hours').min(1, 'must be at least 1 h').max(72, 'must be at most 72 h').default(8),
  /** Profile-list groups the user folded away ("" is the ungrouped one); remembered across restarts. */
  collapsedGroups: z.array(z.string().max(100)).max(1000).default([]),
};

export const settingsSchema = z.object(settingsShape).strict();
export type Settings = z.output<typeof settingsSchema>;

/** A partial edit: only the named fields change; each is validated like the whole. */
export const settingsPatchSchema = z
  .object({
    language: languagePreferenceSchema,
    theme: themeSchema,
    terminal: settingsShape.terminal.unwrap(),
    sshClient: sshClientChoiceSchema,
    ftpClient: ftpClientChoiceSchema,
    defaultDelayMs: delayMsSchema,
    defaultOpenTimeoutMs: timeoutMsSchema,
    startInTray: z.boolean({ message: 'must be true or false' }),
    closeToTray: z.boolean({ message: 'must be true or false' }),
    launchAtLogin: z.boolean({ message: 'must be true or false' }),
    keepOpenMaxHours: settingsShape.keepOpenMaxHours.unwrap(),
    collapsedGroups: settingsShape.collapsedGroups.unwrap(),
  })
  .partial()
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

/** What main found installed, so the settings screen offers real choices and shows the defaults. */
export const detectedToolsSchema = z.object({
  platform: z.enum(['linux', 'darwin', 'win32', 'other']),
  terminals: z.array(terminalIdSchema),
  clients: z.array(z.enum(['openssh', 'putty', 'lftp', 'winscp', 'filezilla', 'custom'])),
  defaultTerminal: terminalIdSchema.optional(),
});
export type DetectedTools = z.infer<typeof detectedToolsSchema>;

export const settingsMethods = {
  getSettings: {
    request: z.object({}).strict(),
    response: z.object({ settings: settingsSchema, detected: detectedToolsSchema }),
  },
  updateSettings: {
    request: z.object({ patch: settingsPatchSchema }).strict(),
    response: z.object({ settings: settingsSchema }),
  },
} as const;

export const settingsEvents = {
  /** Another window, the tray or the CLI changed a setting. */
  settingsChanged: z.object({ settings: settingsSchema }),
} as const;
