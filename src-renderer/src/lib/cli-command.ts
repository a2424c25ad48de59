/**
 * The `sesame connect` line for a profile, as the user would type it in the
 * shell of this platform. The CLI takes a name or an id (case-insensitive
 * name match, see `sesame profiles list`); the id is used when the name cannot
 * be quoted safely for that shell.
 */
export function connectCommand(profile: { id: string; name: string }, platform: string): string {
  return `sesame connect ${cliArgument(profile, platform)}`;
}

/** The profile as a CLI argument: its name, quoted for the shell, or its id when the name cannot be quoted safely. */
export function cliArgument({ id, name }: { id: string; name: string }, platform: string): string {
  // A leading "-" would be read as an option by the CLI's parser.
  if (name.startsWith('-')) return id;
  return shellWord(name, platform) ?? id;
}

/** One word quoted for the shell of `platform`, or undefined when that shell cannot take it literally. */
export function shellWord(word: string, platform: string): string | undefined {
  if (/^[A-Za-z0-9._@%+:,/-]+$/.test(word)) return word;
  if (platform === 'win32') {
    // cmd.exe and PowerShell both take "…" literally unless it holds these: " % ! (cmd) and $ ` (PowerShell).
    return /["%!$`]/.test(word) ? undefined : `"${word}"`;
  }
  // POSIX shells: single quotes are literal; a quote inside is closed, escaped and reopened.
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
