/** Caps for files that come from outside (teammates, other tools): all are hostile until parsed. */
export const importLimits = {
  maxBytes: 5 * 1024 * 1024,
  maxProfiles: 10_000,
  maxDepth: 32,
  /** OpenSSH's own limit on nested Include. */
  maxIncludeDepth: 16,
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
