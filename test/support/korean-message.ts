import { expect } from 'vitest';
import { translateMessage } from '../../src-main/contract/locales/messages';

const hangul = /[\uac00-\ud7a3]/;

/** What the window (and the CLI) shows in Korean for one of main's messages; fails on a message without Korean or with English left in. */
export function koreanMessage(message: string): string {
  const { text, known } = translateMessage(message, 'ko');
  expect(known, `no Korean for: ${message}`).toBe(true);
  expect(text, `not translated: ${message}`).toMatch(hangul);
  // Data stays as it is (quoted names, paths, options, codes); what must not survive is an English phrase.
  const prose = text.replace(/“[^”]*”|"[^"]*"|\([^)]*\)|\S*[/.=:{}%]\S*/g, ' ');
  expect(prose, `English left in: ${text}`).not.toMatch(/\b[A-Za-z]{2,}\s+[a-z]{2,}\b/);
  return text;
}
