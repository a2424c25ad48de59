import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appleScriptString, posixCommand, posixQuote } from '../../../src-main/core/launcher/quote';

/**
 * A POSIX word splitter (quote removal for '…', "…" and backslash, as in
 * XCU 2.2), enough to read back what posixQuote produces without a shell.
 */
function shellSplit(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) throw new Error('unterminated single quote');
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (c === '\\') {
      word = (word ?? '') + (line[i + 1] ?? '');
      i += 1;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '"' || c === '$' || c === '`') {
      throw new Error(`unquoted ${c}: posixQuote must never leave one outside single quotes`);
    } else {
      word = (word ?? '') + c;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

const noNul = fc.string({ unit: 'binary' }).map((s) => s.replaceAll('\0', ''));

describe('posixQuote', () => {
  it('examples', () => {
    expect(posixQuote("it's")).toBe(`'it'\\''s'`);
    expect(posixQuote('')).toBe(`''`);
    expect(posixQuote('$(x) `y` "z" \\ !')).toBe(`'$(x) \`y\` "z" \\ !'`);
    expect(() => posixQuote('a\0b')).toThrow(/NUL/);
  });

  it('property: a POSIX splitter reads back exactly the original words', () => {
    fc.assert(
      fc.property(fc.array(noNul, { maxLength: 8 }), (words) => {
        expect(shellSplit(posixCommand(words))).toEqual(words);
      }),
      { numRuns: 2000 },
    );
  });

  it('/bin/sh agrees on a generated corpus (printf of each quoted word, NUL-separated)', () => {
    const corpus = [
      ...fc.sample(noNul, { numRuns: 300, seed: 42 }),
      "'",
      "''",
      "'\\''",
      '\\',
      '$HOME',
      '${IFS}',
      '$(touch /tmp/sesame-should-not-exist)',
      '`id`',
      '"',
      '!',
      '*',
      '~',
      '\n',
      ' leading',
      'trailing ',
      'ünïcödé ✓ 🙂',
    ].filter((s) => !s.includes('\0'));
    const script = `printf '%s\\0' ${posixCommand(corpus)}`;
    const out = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', maxBuffer: 1 << 24 });
    expect(out.split('\0').slice(0, -1)).toEqual(corpus);
  });
});

describe('appleScriptString', () => {
  it('escapes backslash and double quote only, refuses control characters', () => {
    expect(appleScriptString(`exec '/tmp/a b'`)).toBe(`"exec '/tmp/a b'"`);
    expect(appleScriptString('say "hi" \\ there')).toBe('"say \\"hi\\" \\\\ there"');
    expect(() => appleScriptString('a\nb')).toThrow();
    expect(() => appleScriptString('a\u2028b')).toThrow();
  });

  it('property: un-escaping the literal gives the original (for control-free strings)', () => {
    // eslint-disable-next-line no-control-regex -- excluding control characters is the point
    const printable = fc.string().filter((s) => !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(s));
    fc.assert(
      fc.property(printable, (s) => {
        const literal = appleScriptString(s);
        expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
        const body = literal.slice(1, -1);
        // No unescaped quote may end the literal early.
        expect(/(^|[^\\])(\\\\)*"/.test(body)).toBe(false);
        expect(body.replace(/\\(.)/g, '$1')).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });
});
