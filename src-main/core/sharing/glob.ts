/**
 * `*` and `?` wildcard matching in O(text × pattern) time at worst, with no
 * regular expression: patterns come from files being imported, and the regex
 * a naive glob builds (`*a*a*a*…` → `.*a.*a.*a…`) backtracks exponentially.
 * The classic two-pointer algorithm: on a mismatch, retry from the last `*`.
 */
export function globMatch(pattern: string, text: string, ignoreCase = false, work?: { steps: number }): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let resume = 0;
  let steps = 0;
  while (ti < t.length) {
    steps++;
    const c = p[pi];
    if (c === '*') {
      star = pi++;
      resume = ti;
    } else if (c !== undefined && (c === '?' || c === t[ti])) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++resume;
    } else {
      if (work) work.steps += steps;
      return false;
    }
  }
  if (work) work.steps += steps + 1;
  while (p[pi] === '*') pi++;
  return pi === p.length;
}
