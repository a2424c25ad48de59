/**
 * Quoting for the two places where a command does pass through an interpreter:
 * a POSIX `sh` script (macOS terminals, the askpass wrapper) and an AppleScript
 * string literal (osascript). Everywhere else launchers use argv arrays.
 */

/**
 * Single-quotes `value` for a POSIX shell. Inside '…' no character is special,
 * so the only work is closing the quote around each "'" and emitting it
 * escaped: it's → 'it'\''s'. NUL cannot be passed to exec at all, so it is refused.
 */
export function posixQuote(value: string): string {
  if (value.includes('\0')) throw new Error('a NUL character cannot be passed to a program');
  return `'${value.replaceAll("'", "'\\''")}'`;
}

/** Joins argv into one POSIX command line, every word quoted. */
export function posixCommand(argv: readonly string[]): string {
  return argv.map(posixQuote).join(' ');
}

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlChars = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * An AppleScript string literal. AppleScript escapes only "\" and '"' (plus
 * \n, \r, \t); launchers never need control characters, so rather than encode
 * them we refuse them: a line break would otherwise end the statement.
 */
export function appleScriptString(value: string): string {
  if (controlChars.test(value)) throw new Error('control characters cannot appear in an AppleScript string here');
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

/** Characters every shell (sh, bash, zsh, fish, csh) takes literally, even unquoted. */
export const shellInertPath = /^[A-Za-z0-9/._-]+$/;
