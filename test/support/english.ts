/**
 * English sentences in text meant for a Korean user: three or more English
 * words in a row, once what stays English on purpose is set aside — quoted
 * text (commands, names, values the user typed), "sesame …" command words,
 * options, paths and file names, comma-separated lists of words.
 */
export function englishSentences(text: string): string[] {
  return text.split('\n').flatMap((line) => {
    const rest = line
      .replace(/"[^"]*"|“[^”]*”|'[^']*'/g, ' ')
      .replace(/(^|[\s(])sesame(\s+[a-z][\w-]*)*/g, ' ')
      .replace(/(^|\s)--?[\w-]+(=\S*)?/g, ' ')
      .replace(/\S*(?:[/\\]|\w\.\w)\S*/g, ' ');
    // Words joined by spaces only: "list, show, add" is a list of command words, not a sentence.
    return (rest.match(/[A-Za-z]+(?:\s+[A-Za-z]+){2,}/g) ?? []).map((run) => run.replace(/\s+/g, ' '));
  });
}

/**
 * The CLI's error paths (unknown flag, missing argument, unknown profile, bad
 * value) as argv lists; shared by the in-process test and the built CLI's.
 */
export const cliErrorPaths: readonly (readonly string[])[] = [
  ['bogus'],
  ['profiles', 'list', '--bogus'],
  ['spa', '--bogus'],
  ['knock', '--delay'],
  ['profiles'],
  ['profiles', 'show'],
  ['secret', 'set'],
  ['knock', 'h.example'],
  ['probe', 'h.example'],
  ['help', 'bogus'],
  ['profiles', 'show', 'ghost'],
  ['profiles', 'rm', 'ghost'],
  ['profiles', 'restore', 'ghost'],
  ['connect', 'ghost'],
  ['profiles', 'import', 'x.conf', '--format', 'bogus'],
  ['profiles', 'import', 'x.conf', '--apply', '--dry-run'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '7000', '--port', '0'],
  ['probe', 'h.example', '0'],
  ['probe', '--', '-oProxyCommand', '22'],
  ['knock', '-4', '-6', 'h.example', '7000'],
  ['knock', '-d', 'soon', 'h.example', '7000'],
  ['knock', 'h.example', '99999'],
  ['knock', 'h.example', '7000:sctp'],
  ['knock', 'h.example', 'seven'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '7000', '--port', 'abc'],
  ['profiles', 'add', '--name', 'x', '--host', 'bad host', '--knock', '7000'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '70000'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '7000', '--service', 'nope'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '7000', '--timeout', '999'],
  ['profiles', 'add', '--name', 'x', '--host', 'h.example', '--knock', '7000', '--delay', '-5'],
  ['profiles', 'add', '--name', 'x', '--bogus'],
];
