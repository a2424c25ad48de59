import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wtArgument } from '../../../src-main/core/launcher/terminals';

// Models of what happens to an argument on its way through Windows Terminal and
// conhost, written from their sources (microsoft/terminal), so the escaping can be
// checked here where neither runs.

/** The Windows command-line rules (CommandLineToArgvW / the MSVC CRT): backslashes count only before a quote. */
function parseWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < line.length; ) {
    const ch = line[i] as string;
    if (!quoted && (ch === ' ' || ch === '\t')) {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
      i += 1;
      continue;
    }
    inArg = true;
    if (ch === '\\') {
      let n = 0;
      while (line[i] === '\\') {
        n += 1;
        i += 1;
      }
      if (line[i] === '"') {
        current += '\\'.repeat(Math.floor(n / 2));
        if (n % 2 === 1) {
          current += '"';
          i += 1;
        }
      } else {
        current += '\\'.repeat(n);
      }
      continue;
    }
    if (ch === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i += 2;
        continue;
      }
      quoted = !quoted;
      i += 1;
      continue;
    }
    current += ch;
    i += 1;
  }
  if (inArg) args.push(current);
  return args;
}

/**
 * wt.exe: split at ";" not preceded by "\" (AppCommandlineArgs.cpp _commandDelimiterRegex),
 * "\;" → ";" (Commandline.cpp AddArg), then the command's words joined with spaces, a word
 * with a space wrapped in quotes as is (AppCommandlineArgs.cpp _getNewTerminalArgs).
 * Returns the tab's command line, or the number of commands when it split.
 */
function throughWindowsTerminal(words: string[]): string | number {
  const commands: string[][] = [[]];
  for (const word of words) {
    let rest = word;
    for (;;) {
      const m = /^;|[^\\];/.exec(rest);
      if (!m) {
        commands.at(-1)?.push(rest.replaceAll('\\;', ';'));
        break;
      }
      const cut = m[0].length === 1 ? m.index : m.index + 1;
      if (cut > 0) commands.at(-1)?.push(rest.slice(0, cut).replaceAll('\\;', ';'));
      commands.push([]);
      rest = rest.slice(cut + 1);
      if (rest === '') break;
    }
  }
  if (commands.length > 1) return commands.length;
  return (commands[0] ?? []).map((w) => (w.includes(' ') ? `"${w}"` : w)).join(' ');
}

/** conhost.exe's EscapeArgument (ConsoleArguments.cpp) for the client command line after "--". */
function conhostEscape(arg: string): string {
  if (arg === '') return '""';
  const hasSpace = /[ \t]/.test(arg);
  if (!/[ \t"\\]/.test(arg)) return arg;
  let out = hasSpace ? '"' : '';
  let slashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      slashes += 1;
      out += '\\';
    } else if (ch === '"') {
      out += '\\'.repeat(slashes) + '\\"';
      slashes = 0;
    } else {
      slashes = 0;
      out += ch;
    }
  }
  if (hasSpace) out += `${'\\'.repeat(slashes)}"`;
  return out;
}

const word = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', ';', ':', '.', '-', '/', '[', ']', '(', '\'', 'é'), minLength: 1, maxLength: 12 });

describe('Windows Terminal argument escaping (wtArgument)', () => {
  it('every word reaches the tab program unchanged: quotes, backslashes, spaces, ";"', () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        const line = throughWindowsTerminal(words.map(wtArgument));
        expect(line).toBeTypeOf('string');
        expect(parseWindowsCommandLine(line as string)).toEqual(words);
      }),
      { numRuns: 2000 },
    );
  });

  it('the model is the real trap: unescaped, ";" opens a second command and a quote is lost', () => {
    expect(throughWindowsTerminal(['ssh', 'a;b'])).toBe(2);
    expect(parseWindowsCommandLine(throughWindowsTerminal(['say "hi"']) as string)).not.toEqual(['say "hi"']);
    expect(wtArgument('C:\\My Keys\\')).toBe('C:\\My Keys\\\\');
  });
});

describe('conhost.exe re-quoting', () => {
  it("conhost's own re-quoting of the words after -- is faithful (so argv needs no extra escaping there)", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 6 }), (words) => {
        expect(parseWindowsCommandLine(words.map(conhostEscape).join(' '))).toEqual(words);
      }),
      { numRuns: 2000 },
    );
  });
});
