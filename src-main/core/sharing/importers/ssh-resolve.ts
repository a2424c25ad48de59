import { globMatch } from '../glob';
import { ImportError, importLimits } from '../limits';

interface HostBlock {
  kind: 'host';
  /** `pattern` lower-cased for matching (OpenSSH matches host names case-insensitively); `written` as in the file. */
  patterns: { negated: boolean; pattern: string; written: string }[];
  params: { param: string; args: string[] }[];
}
interface MatchBlock {
  kind: 'match';
  criteria: { name: string; args: string[] }[];
  params: { param: string; args: string[] }[];
}
interface Global {
  kind: 'global';
  param: string;
  args: string[];
}
export type SshEntry = HostBlock | MatchBlock | Global;

/**
 * Splits one ssh_config line's arguments the way OpenSSH's argv_split does
 * (misc.c): whitespace separates; "double" and 'single' quotes group; a
 * backslash escapes a quote, a backslash or a space; an unquoted "#" that
 * starts an argument ends the line.
 */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote) {
      if (c === '\\' && (text[i + 1] === quote || text[i + 1] === '\\')) current += text[++i];
      else if (c === quote) quote = undefined;
      else current += c;
    } else if (c === ' ' || c === '\t') {
      if (inArg) args.push(current);
      current = '';
      inArg = false;
    } else if (c === '#' && !inArg) {
      break;
    } else {
      inArg = true;
      if (c === '"' || c === "'") quote = c;
      else if (c === '\\' && /["'\\ \t]/.test(text[i + 1] ?? '')) current += text[++i];
      else current += c;
    }
  }
  if (inArg) args.push(current);
  // An unclosed quote makes OpenSSH refuse the line ("invalid quotes"). Dropping
  // the quote would import a different value than the file says (o'brien →
  // obrien): keep the words as written, so the field's own rule refuses them
  // visibly in the preview.
  if (quote) return text.split(/[ \t]+/).filter((w) => w !== '');
  return args;
}

/**
 * ssh_config text → Host/Match blocks and global options, for the options an
 * import needs. Parsed here rather than with the `ssh-config` package: its
 * parser tests a regex per character (9 s for a 5 MB file on a loaded 2-core
 * machine), and its `compute` turns Host patterns into backtracking regexes
 * (`Host *a*a*a…` takes hours) and runs `nslookup` for CanonicalizeHostName.
 * Linear in the text: one pass, no regex on whole lines.
 */
export function parseSshConfig(text: string): SshEntry[] {
  const entries: SshEntry[] = [];
  const globals = new Set<string>();
  let block: HostBlock | MatchBlock | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    // The keyword ends at whitespace or "="; one "=" may separate it from the arguments.
    let k = 0;
    while (k < line.length && line[k] !== ' ' && line[k] !== '\t' && line[k] !== '=') k++;
    const keyword = line.slice(0, k).toLowerCase();
    // Only what an import reads; the rest of the file is not even split.
    if (!importedKeywords.has(keyword)) continue;
    let rest = line.slice(k).trimStart();
    if (rest.startsWith('=')) rest = rest.slice(1).trimStart();
    let args = splitArgs(rest);
    let param = keyword;
    // ssh_config(5): ProxyJump and ProxyCommand compete, "whichever is specified first will prevent
    // later instances of the other from taking effect" — so they resolve as one option.
    if (keyword === 'proxyjump' || keyword === 'proxycommand') {
      param = 'proxy';
      args = [`${keyword} ${args.join(' ')}`];
    }
    if (keyword === 'host') {
      const patterns = args.map((a) => {
        const written = a.startsWith('!') ? a.slice(1) : a;
        return { negated: a.startsWith('!'), pattern: written.toLowerCase(), written };
      });
      block = { kind: 'host', patterns, params: [] };
      entries.push(block);
    } else if (keyword === 'match') {
      const criteria: MatchBlock['criteria'] = [];
      for (let i = 0; i < args.length; i++) {
        const name = (args[i] as string).toLowerCase();
        // OpenSSH's match_cfg_line: these take no argument; every other criterion takes one.
        if (name === 'all' || name === 'canonical' || name === 'final') criteria.push({ name, args: [] });
        else criteria.push({ name, args: [args[++i] ?? ''] });
      }
      block = { kind: 'match', criteria, params: [] };
      entries.push(block);
    } else if (block) block.params.push({ param, args });
    else if (!globals.has(param)) {
      // Options before the first Host/Match apply to every host; the first of each wins.
      globals.add(param);
      entries.push({ kind: 'global', param, args });
    }
  }
  return entries;
}

const importedKeywords = new Set(['host', 'match', 'hostname', 'port', 'user', 'identityfile', 'proxyjump', 'proxycommand', 'preferredauthentications']);

/** Merges two ascending index lists (a sort per host would be quadratic in a big file). */
function mergeSorted(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && (a[i] as number) < (b[j] as number))) out.push(a[i++] as number);
    else out.push(b[j++] as number);
  }
  return out;
}

/** Resolved options of one host: lower-case keys, the first value found wins (as in OpenSSH). */
export type Resolved = Map<string, string>;

/**
 * Host/Match precedence as OpenSSH applies it, for one alias at a time.
 * Literal `Host` names are looked up in a map; wildcard blocks are matched
 * with {@link globMatch}; a file whose patterns would cost more than
 * {@link importLimits.maxPatternWork} comparisons is refused.
 *
 * Match blocks: `all`, `host` and `originalhost` are evaluated; criteria that
 * need the local user, DNS or a command (`user`, `localuser`, `canonical`,
 * `final`, `exec`, …) never match here, and a warning says so.
 */
export function createSshResolver(entries: readonly SshEntry[], warn: (message: string) => void): (alias: string) => Resolved {
  const literal = new Map<string, number[]>();
  const wild: number[] = [];
  const unsupported = new Set<string>();
  entries.forEach((entry, index) => {
    if (entry.kind === 'host' && entry.patterns.every((p) => !p.negated && !/[*?]/.test(p.pattern))) {
      for (const { pattern } of entry.patterns) {
        const list = literal.get(pattern) ?? [];
        if (list.at(-1) !== index) list.push(index);
        literal.set(pattern, list);
      }
      return;
    }
    if (entry.kind === 'match') for (const c of entry.criteria) if (!['all', 'host', 'originalhost'].includes(c.name)) unsupported.add(c.name);
    wild.push(index);
  });
  if (unsupported.size > 0) {
    const names = [...unsupported].sort().slice(0, 10).join(', ');
    warn(`Match blocks with ${names} were not applied: they depend on this computer, DNS or a command, which Sesame does not use while importing.`);
  }
  const work = { steps: 0 };
  const listMatches = (list: string, text: string): boolean => {
    let matched = false;
    for (const raw of list.split(',')) {
      const negated = raw.startsWith('!');
      if (globMatch(negated ? raw.slice(1) : raw, text, true, work)) {
        if (negated) return false;
        matched = true;
      }
    }
    return matched;
  };

  return (alias) => {
    const key = alias.toLowerCase();
    const candidates = mergeSorted(literal.get(key) ?? [], wild);
    const resolved: Resolved = new Map();
    const apply = (params: { param: string; args: string[] }[]) => {
      for (const { param, args } of params) if (!resolved.has(param) && args[0] !== undefined) resolved.set(param, args[0]);
    };
    for (const i of candidates) {
      const entry = entries[i] as SshEntry;
      work.steps++;
      if (entry.kind === 'global') apply([entry]);
      else if (entry.kind === 'host') {
        let matched = false;
        let refused = false;
        for (const { negated, pattern } of entry.patterns) {
          if (!globMatch(pattern, key, false, work)) continue;
          if (negated) refused = true;
          else matched = true;
        }
        if (matched && !refused) apply(entry.params);
      } else {
        const hostName = resolved.get('hostname') ?? alias;
        const applies = entry.criteria.every(({ name, args }) =>
          name === 'all' ? true : name === 'host' ? listMatches(args[0] ?? '', hostName) : name === 'originalhost' ? listMatches(args[0] ?? '', alias) : false,
        );
        if (applies) apply(entry.params);
      }
      if (work.steps > importLimits.maxPatternWork) {
        throw new ImportError('This ssh config has too many Host patterns for its hosts to be matched in reasonable time; import a smaller part of it.');
      }
    }
    return resolved;
  };
}
