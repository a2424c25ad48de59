/**
 * A rough strength estimate for the passphrase of an encrypted export, for a
 * meter (not a gate: the contract's 8-character minimum is the gate).
 * Hand-written, not zxcvbn-ts: its estimates come from its dictionaries, and
 * @zxcvbn-ts/language-common alone is ~900 KB packed (its password list is
 * 380 KB), more than the rest of the renderer; without them zxcvbn-ts's core
 * falls back to pattern checks of the kind below. What this one does: bits
 * from the character classes used, minus repeats, runs ("abcd", "1234",
 * "qwer") and the most common passwords, so "Password1!" scores weak and four
 * random words score strong. With scrypt at N=2^17 each guess costs ~0.5 s of
 * CPU, which the thresholds account for.
 */
export type Strength = 'weak' | 'fair' | 'good' | 'strong';

const common = [
  'password', 'passw0rd', 'qwerty', 'letmein', 'welcome', 'admin', 'sesame', 'opensesame', 'iloveyou', 'monkey', 'dragon', 'master',
  'secret', 'changeme', 'trustno1', 'football', 'baseball', 'sunshine', 'princess', 'abc123', 'root', 'toor', 'server',
];
const rows = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm', 'abcdefghijklmnopqrstuvwxyz', '01234567890'];

function isRun(a: string, b: string, c: string): boolean {
  for (const row of rows) {
    const i = row.indexOf(a);
    if (i >= 0 && (row[i + 1] === b && row[i + 2] === c)) return true;
    if (i >= 2 && row[i - 1] === b && row[i - 2] === c) return true;
  }
  return false;
}

export function estimateBits(passphrase: string): number {
  if (passphrase === '') return 0;
  const chars = [...passphrase];
  let pool = 0;
  if (/[a-z]/.test(passphrase)) pool += 26;
  if (/[A-Z]/.test(passphrase)) pool += 26;
  if (/[0-9]/.test(passphrase)) pool += 10;
  if (/[^A-Za-z0-9]/.test(passphrase)) pool += 33;
  // Each character counts only if it is not a repeat of the last or the next step of a run.
  let effective = 0;
  const lower = passphrase.toLowerCase();
  for (let i = 0; i < chars.length; i++) {
    const repeat = i > 0 && chars[i] === chars[i - 1];
    const run = i >= 2 && isRun(lower[i - 2] ?? '', lower[i - 1] ?? '', lower[i] ?? '');
    effective += repeat || run ? 0.25 : 1;
  }
  let bits = effective * Math.log2(Math.max(pool, 10));
  for (const word of common) if (lower.includes(word)) bits -= word.length * Math.log2(26) - 10;
  return Math.max(0, Math.round(bits));
}

export function strengthOf(passphrase: string): Strength {
  const bits = estimateBits(passphrase);
  return bits < 40 ? 'weak' : bits < 60 ? 'fair' : bits < 80 ? 'good' : 'strong';
}
