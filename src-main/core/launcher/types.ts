/**
 * Types shared by the client launchers. A launcher turns a {@link LaunchRequest}
 * (what to open, already knocked and pinned) into a {@link LaunchPlan}: an argv
 * array, an environment and a cleanup — never a shell string.
 */

export type LaunchService = 'ssh' | 'sftp' | 'ftp' | 'custom';

/** The program that talks to the server. */
export type ClientId = 'openssh' | 'putty' | 'lftp' | 'winscp' | 'filezilla' | 'custom';

/**
 * The window a terminal program (OpenSSH, lftp, plink) runs in. `console` is
 * Windows' own console window, opened by starting the client through conhost.exe.
 */
export type TerminalId =
  /** The caller's own terminal (the `sesame connect` CLI): stdio inherited, no new window. */
  | 'inline'
  | 'windows-terminal'
  | 'console'
  | 'terminal-app'
  | 'iterm2'
  | 'x-terminal-emulator'
  | 'gnome-terminal'
  | 'konsole'
  | 'xterm';

export type LaunchPlatform = 'win32' | 'darwin' | 'linux';

export interface LaunchRequest {
  service: LaunchService;
  /** The profile's host name: shown to the user and used as OpenSSH's HostKeyAlias. */
  host: string;
  /** The pinned IP the knock went to; the client must connect to exactly this. */
  address: string;
  family: 4 | 6;
  port: number;
  user?: string;
  keyFile?: string;
  auth: 'password' | 'key' | 'agent';
  ftpMode?: 'passive' | 'active';
  client: ClientId;
  /** For terminal programs (openssh, lftp); the detected default when omitted. */
  terminal?: TerminalId;
  /** Required when `client` is `custom`: argv with whole-element placeholders. */
  customTemplate?: string[];
  /**
   * The custom command hands the session to something else and returns at once
   * (a detached tmux, a terminal launcher): its exit says nothing about the
   * session, so no close sequence is sent on it and credentials expire by timer.
   */
  customDetaches?: boolean;
  /** `ssh`/plink: the command to run remotely instead of a login shell (lftp: its own commands). */
  remoteCommand?: string[];
  /** Ask for a remote terminal (ssh/plink -t): interactive programs run through remoteCommand need one. */
  requestTty?: boolean;
}

/**
 * How the saved secret reaches the client (the README's launch table prints these).
 * - askpass: OpenSSH's SSH_ASKPASS program, one answer to the exact prompt.
 * - lftp-source: lftp runs the same helper through `source -e` and keeps the login in memory.
 * - password-file: a 0600 file in a 0700 folder, removed when read or after a grace period (PuTTY -pwfile, WinSCP /passwordsfromfiles).
 * - clipboard: copied for the user to paste, cleared after a grace period.
 * - typed: the client asks and the user types it (no saved secret, or no safe way).
 * - none: nothing to hand over (agent, unencrypted key).
 */
export type SecretTransport = 'askpass' | 'lftp-source' | 'password-file' | 'clipboard' | 'typed' | 'none';

/** Secrets fetched from the keychain by the orchestrator; never part of a request that may be logged. */
export interface LaunchSecrets {
  password?: string;
  passphrase?: string;
  /** A saved secret could not be read (keychain missing or locked): why, in one line, shown instead of "no saved password". */
  typedBecause?: string;
}

/** Electron's clipboard, narrowed to what the launcher needs (injected: core never imports electron). */
export interface ClipboardPort {
  // Electron 45's clipboard is asynchronous; test doubles may be synchronous.
  writeText(text: string): void | Promise<void>;
  readText(): string | Promise<string>;
}

export interface ClipboardHandoff {
  /** Why the secret has to go through the clipboard (shown to the user). */
  reason: string;
  clearAfterMs: number;
  /** Copies the secret and schedules the clear; returns a function that cancels the scheduled clear. */
  copy(clipboard: ClipboardPort, timers?: Timers): () => void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LaunchPlan {
  /** argv[0] is the executable (absolute where detection found one); spawned with `shell: false`. */
  argv: string[];
  /** The child's complete environment. */
  env: Record<string, string>;
  /**
   * Releases what the plan holds (askpass server, secret files, private dirs).
   * Idempotent. {@link launch} calls it when a tracked client exits.
   */
  cleanup(): Promise<void>;
  /** FTP transfer mode the user must set by hand (FileZilla has no flag for it). */
  modeHint?: string;
  /** Human-readable remarks for the UI/notification; never contain secrets. */
  notes: string[];
  /**
   * Whether the spawned process lives as long as the session. False when the
   * spawned process only hands the command to a terminal that is already
   * running (wt.exe, osascript, x-terminal-emulator of unknown kind): its exit
   * says nothing about the session, so the orchestrator must not send the close
   * sequence on it, and credentials expire by their own timeouts instead.
   */
  tracksExit: boolean;
  /** Spawn detached (a console window of its own on Windows, a new process group on POSIX). */
  detached: boolean;
  /** Share the caller's terminal (stdin/stdout/stderr) instead of opening a window. */
  inline?: boolean;
  /** Set when the client has no safe way to receive the secret. */
  clipboard?: ClipboardHandoff;
  /** How the secret travels (askpass, file, clipboard…), for the result and the README's table. */
  secretVia: SecretTransport;
  /** The terminal window the client runs in, when it needs one. */
  terminal?: TerminalId;
  /**
   * The spawned program only hands the command over (osascript, wt.exe): its
   * exit code and stderr say whether the hand-over worked (e.g. macOS refusing
   * Apple events, error -1743), so they are captured instead of ignored.
   */
  captureStderr?: boolean;
  /** Runs right after spawn (e.g. deleting PuTTY's password file once read). */
  afterSpawn?(pid: number | undefined): void;
}

/** Absolute paths of the programs detection found, by tool name. */
export type ToolPaths = Partial<Record<ToolName, string>>;

export type ToolName =
  | 'ssh'
  | 'sftp'
  | 'lftp'
  | 'putty'
  | 'plink'
  | 'winscp'
  | 'filezilla'
  | 'wt'
  | 'conhost'
  | 'osascript'
  | 'x-terminal-emulator'
  | 'gnome-terminal'
  | 'konsole'
  | 'xterm';
