import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImportFormat } from '../../../src-main/core/sharing/candidates';
import { prepareImport } from '../../../src-main/core/sharing/import-files';
import { ImportError } from '../../../src-main/core/sharing/limits';

// Pieces that steer each parser into its loops: separators and brackets for
// knockd section names, wildcards and quotes for ssh_config, tags for XML,
// JSON punctuation for .sesame; repeated many times, they find quadratic and
// exponential paths that random text never reaches.
const pieces = [
  '[', ']', '-', '_', ' ', '.', '*', '?', '!', 'a', 'open', 'close', '\n', '\r\n', '\t', '=', ',', ':', '"', "'", '\\', '#', '%',
  'Host ', 'Match host ', 'Include ', 'HostName ', 'sequence = ', 'tcpflags = ', '[options]', 'SPA_SERVER ', '[default]',
  '<FileZilla3>', '<Servers>', '<Server>', '<Folder>', '</Folder>', '<Host>', '&amp;', '<!--', ']]>', '<?xml version="1.0"?>',
  '{', '}', '"format":"sesame-export"', '"format":"sesame-profiles"', '"revision":1', '"version":2', '"profiles":[', '\u202e', '\u0000', '😀',
];
const piece = fc.constantFrom(...pieces);
const hostile = fc.oneof(
  fc.array(piece, { maxLength: 400 }).map((p) => p.join('')),
  // One piece repeated: the shape of most blowups ("a---…---x", "*a*a*a…", "<Folder>" × n).
  fc.tuple(fc.array(piece, { maxLength: 8 }), fc.array(piece, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1000, max: 60_000 }), fc.array(piece, { maxLength: 8 })).map(
    ([head, unit, times, tail]) => head.join('') + unit.join('').repeat(times) + tail.join(''),
  ),
  fc.string({ unit: 'binary', maxLength: 2000 }),
);

const formats: ImportFormat[] = ['sesame', 'sesame-profiles', 'knockd', 'ssh-config', 'filezilla', 'fwknoprc'];
// Per input and importer; inputs here are at most ~1.5 MB. Generous for a loaded 2-core machine:
// what it catches are blowups to tens of seconds or hours.
const budgetMs = 5_000;

describe('every importer, any input', () => {
  it('returns or refuses with ImportError, within the time budget for each input', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        for (const format of formats) {
          const started = performance.now();
          try {
            await prepareImport('input', text, { format, homedir: '/home/u', readInclude: async () => [{ path: 'inc', text }] });
          } catch (error) {
            if (!(error instanceof ImportError)) throw error;
          }
          const ms = performance.now() - started;
          expect(ms, `${format} took ${Math.round(ms)} ms on ${JSON.stringify(text.slice(0, 80))}… (${text.length} chars)`).toBeLessThan(budgetMs);
        }
      }),
      { numRuns: 80 },
    );
  }, 600_000);
});
