import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('macOS packaging: Sesame may drive Terminal.app and iTerm2', () => {
  // The mac: section of electron-builder.yml (its schema is checked by scripts/check-builder-config.mjs).
  const yml = readFileSync(`${root}electron-builder.yml`, 'utf8');
  const mac = /^mac:\n((?: {2}.*\n|\s*\n)+)/m.exec(yml)?.[1] ?? '';
  const value = (key: string) => new RegExp(`^ {2,4}${key}: (.+)$`, 'm').exec(mac)?.[1]?.trim();

  it('signs with the hardened runtime and the Apple-events entitlement', () => {
    expect(value('hardenedRuntime')).toBe('true');
    expect(value('entitlements')).toBe('assets/entitlements.mac.plist');
    const plist = readFileSync(`${root}${value('entitlements') as string}`, 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.automation\.apple-events<\/key>\s*<true\/>/);
  });

  it('tells the user why (NSAppleEventsUsageDescription), so macOS asks instead of refusing', () => {
    expect(value('NSAppleEventsUsageDescription')).toMatch(/Terminal or iTerm/);
  });
});
