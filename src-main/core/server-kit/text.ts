/** Columns a character takes in a terminal: East Asian wide characters (Hangul, CJK) take two. */
function columns(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

/**
 * `# ` comment lines wrapped at 78 columns (Korean counts two columns a
 * syllable, as terminals show it). A word is never split: an over-long one
 * (a path, a command) keeps a line of its own. "\n" starts a new line.
 */
export function comment(text: string, width = 78): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '#';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line !== '#' && columns(`${line} ${word}`) > width) {
        lines.push(line);
        line = '#';
      }
      line = `${line} ${word}`;
    }
    lines.push(line);
  }
  return lines;
}
