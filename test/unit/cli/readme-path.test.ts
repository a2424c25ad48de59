import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const repo = new URL('../../../', import.meta.url);
const readme = readFileSync(new URL('README.md', repo), 'utf8');
const pkg = (path: string) => JSON.parse(readFileSync(new URL(path, repo), 'utf8')) as { engines?: { node?: string }; bin?: Record<string, string> };

describe('README: sesame on PATH, and the Node version note', () => {
  it('says how to put sesame on PATH from every source (packages and a checkout)', () => {
    const section = readme.slice(readme.indexOf('### Putting `sesame` on PATH'));
    for (const way of ['/usr/bin/sesame', '--cli', 'to PATH', "Install 'sesame' Command in PATH", 'npm link', 'npm install -g .']) expect(section).toContain(way);
    expect(pkg('package.json').bin).toEqual({ sesame: 'bin/sesame.mjs' });
  });

  it('names the engine warnings the pinned i18next/react-i18next print on the oldest Node the project supports', () => {
    const supported = Number(/(\d+)/.exec(pkg('package.json').engines!.node!)![1]);
    for (const name of ['i18next', 'react-i18next']) {
      const wants = Number(/(\d+)/.exec(pkg(`node_modules/${name}/package.json`).engines?.node ?? '0')![1]);
      // Pinned versions that ask for a newer Node than ours must be explained (or the pins changed).
      if (wants > supported) expect(readme).toMatch(new RegExp(`EBADENGINE[^]*${name.replace('-', '\\-')}[^]*harmless`));
    }
  });
});
