/** Caps for files that come from outside (teammates, other tools): all are hostile until parsed. */
export const importLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxProfiles: 10_000,
  maxDepth: 32,
  /** OpenSSH's own limit on nested Include. */
  maxIncludeDepth: 16,
  /** Files one ssh config may pull in through Include (OpenSSH has no cap; real configs use a handful). */
  maxIncludedFiles: 256,
  /** Names looked at per Include glob (a folder of 10 million files must not be listed whole). */
  maxGlobEntries: 10_000,
  /** Warnings kept per import; the rest are counted in one last line. */
  maxWarnings: 100,
  /**
   * Pattern comparisons one ssh config may cost (hosts × wildcard blocks,
   * weighted by length): a real config needs thousands; a hostile one is
   * refused rather than computed for minutes.
   */
  maxPatternWork: 50_000_000,
} as const;

export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

export function checkSize(bytes: number, what = 'The file'): void {
  if (bytes > importLimits.maxBytes) {
    throw new ImportError(`${what} is larger than 5 MB (${(bytes / 1048576).toFixed(1)} MB): it is not a profiles file Sesame can import.`);
  }
}

/** The first {@link importLimits.maxWarnings} warnings and a line counting the rest: a million bad lines make no million-line preview. */
export function capWarnings(warnings: string[]): string[] {
  if (warnings.length <= importLimits.maxWarnings) return warnings;
  const more = warnings.length - importLimits.maxWarnings;
  return [...warnings.slice(0, importLimits.maxWarnings), `… and ${more} more warning(s) like these.`];
}

/** What Sesame reads, in the words users know the files by (used when a file is none of them). */
export const formatNames = [
  'a Sesame export (.sesame)',
  "Sesame's own profiles.json (to restore from)",
  'an OpenSSH config (~/.ssh/config)',
  'a FileZilla sitemanager.xml',
  'a knockd.conf',
  'an fwknop .fwknoprc',
] as const;

/** The file is none of the formats Sesame reads; nothing was imported. */
export class UnknownFormatError extends ImportError {
  constructor(fileName: string, reason: string) {
    super(`${fileName} is not a file Sesame can import (${reason}). Sesame reads ${formatNames.slice(0, -1).join(', ')} and ${formatNames.at(-1)}.`);
    this.name = 'UnknownFormatError';
  }
}
