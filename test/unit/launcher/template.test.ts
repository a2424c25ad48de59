import { describe, expect, it } from 'vitest';
import { checkTemplate, fillTemplate, tmuxSshTemplate } from '../../../src-main/core/launcher/custom-template';
import { LaunchError } from '../../../src-main/core/launcher/validate';
import { request } from './fixtures';

describe('custom templates', () => {
  it('fills every placeholder as a whole element', () => {
    const req = request({ family: 6, address: '2001:db8::2' });
    expect(fillTemplate(['c', '{host}', '{port}', '{user}', '{address}', '{family}', '{familyFlag}', 'literal'], req)).toEqual([
      'c', 'box.example.org', '2222', 'alice', '2001:db8::2', '6', '-6', 'literal',
    ]);
  });

  it('rejects a placeholder inside a larger element and names that element', () => {
    for (const [template, index, element] of [
      [['ssh', '{user}@{host}'], 1, '{user}@{host}'],
      [['ssh', '-p', '22', '-oHostKeyAlias={host}'], 3, '-oHostKeyAlias={host}'],
      [['prog', 'x{port}'], 1, 'x{port}'],
    ] as const) {
      let error: unknown;
      try {
        checkTemplate(template);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(LaunchError);
      expect((error as LaunchError).field).toBe(`customTemplate.${index}`);
      expect((error as LaunchError).message).toContain(element);
      expect((error as LaunchError).message).toMatch(/whole element/);
    }
  });

  it('rejects unknown placeholders, an empty template, and a placeholder as the program', () => {
    expect(() => checkTemplate(['ssh', '{hots}'])).toThrow(/unknown placeholder \{hots\}/);
    expect(() => checkTemplate([])).toThrow(/empty/);
    expect(() => checkTemplate(['{host}'])).toThrow(/program itself/);
    expect(() => checkTemplate(['ssh', ''])).toThrow(/non-empty/);
  });

  it('keeps braces that are not placeholders (awk programs, JSON)', () => {
    expect(() => checkTemplate(['awk', '{ print $1 }', '{"a":1}'])).not.toThrow();
  });

  it('{user} without a user is a clear error', () => {
    expect(() => fillTemplate(['ssh', '{user}'], request({ user: undefined }))).toThrow(/no user name/);
  });

  it('the tmux example template is valid', () => {
    expect(fillTemplate(tmuxSshTemplate, request({}))).toEqual([
      'tmux', '-L', 'sesame', 'new-session', '-d', '-s', 'sesame', '--',
      'ssh', '-4', '-p', '2222', '-o', 'StrictHostKeyChecking=accept-new', '-l', 'alice', '--', '192.0.2.10',
    ]);
  });
});
