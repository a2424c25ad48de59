import { controlChars } from './host-rules';

// Login names and key-file paths, as plain predicates like ./host-rules: the
// launcher checks every argv field with these before a client starts, and
// `sesame connect` must not build the zod schemas to do it. `userSchema`
// (./common) and `localPathSchema` (../features/profiles) are built from the
// same rules, so a profile that cannot launch cannot be saved either.

/** A rule a field must pass, with the message shown when it does not. */
export type FieldRule = readonly [test: (value: string) => boolean, message: string];

export const userEmptyMessage = 'is empty: enter the login name';
export const userMaxLength = 256;
export const userTooLongMessage = `is longer than ${userMaxLength} characters`;

export const userRules: readonly FieldRule[] = [
  [(v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)'],
  [(v) => !controlChars.test(v), 'must not contain control characters'],
  [(v) => !/\s/.test(v), 'must not contain spaces'],
  // Names reach ssh's -l, URLs (user@host), lftp's `user` command and wt.exe/conhost
  // command lines. "@" would re-target the login ("admin@corp"), "," splits lftp's -u,
  // quotes and backslashes are re-parsed by ssh -o and wt.exe, and "%" and "$" are
  // expanded by ssh and by Windows (%u, ${USER}, %USERNAME%).
  [
    (v) => /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/.test(v),
    'must be a plain login name: letters, digits, ".", "_" and "-" only (no "@", quotes, "%", "$" or "\\")',
  ],
];

export const localPathTypeMessage = 'must be a file path';
export const localPathEmptyMessage = 'is empty: choose the key file';
export const localPathMaxLength = 4096;
export const localPathTooLongMessage = `is longer than ${localPathMaxLength} characters`;

export const localPathRules: readonly FieldRule[] = [
  [(v) => !v.startsWith('-'), 'must not start with "-" (it would be read as a command-line option)'],
  [(v) => !controlChars.test(v) && !/[^\S ]/.test(v), 'must not contain control characters, tabs or line breaks'],
  [
    (v) => v.startsWith('/') || /^(?:[A-Za-z]:\\|\\\\[^\\?.])/.test(v),
    'must be an absolute path, e.g. /home/me/.ssh/id_ed25519 or C:\\Users\\me\\.ssh\\id_ed25519 (no ~, no relative path)',
  ],
  [(v) => !v.includes('%') && !v.includes('${'), 'must not contain "%" or "${": ssh would expand them (%d, %u, ${HOME}); write the full path'],
];

/** The first message of `rules` (after the length checks) that `value` fails, or undefined. */
function firstProblem(value: string, min: [number, string], max: [number, string], rules: readonly FieldRule[]): string | undefined {
  if (value.length < min[0]) return min[1];
  if (value.length > max[0]) return max[1];
  return rules.find(([test]) => !test(value))?.[1];
}

/** What is wrong with a login name (the words of `userSchema`), or undefined. */
export function userProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return 'Invalid input: expected string';
  return firstProblem(value, [1, userEmptyMessage], [userMaxLength, userTooLongMessage], userRules);
}

/** What is wrong with a key-file path (the words of `localPathSchema`), or undefined. */
export function localPathProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return localPathTypeMessage;
  return firstProblem(value, [1, localPathEmptyMessage], [localPathMaxLength, localPathTooLongMessage], localPathRules);
}

/** What is wrong with a port number (the words of `portSchema`), or undefined. */
export function portProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 'must be a port number';
  if (!Number.isInteger(value)) return 'must be a whole number';
  if (value < 1) return 'must be from 1 to 65535 (0 is not a usable port)';
  if (value > 65535) return 'must be from 1 to 65535';
  return undefined;
}
