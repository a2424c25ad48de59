import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDeepLink, requestsFromArgv } from '../../../src-main/core/shell/deep-link';
import { buildTrayMenu } from '../../../src-main/core/shell/tray-menu';

describe('deep links', () => {
  it.each([
    ['sesame://connect/p_abc123', 'p_abc123'],
    ['sesame://connect/web%20server', 'web server'],
    ['sesame:connect/db', 'db'],
    ['SESAME://connect/db/', 'db'],
  ])('%s → connect %s', (link, profile) => {
    expect(parseDeepLink(link)).toEqual({ kind: 'connect', profile });
  });

  it.each(['https://connect/x', 'sesame://open/x', 'sesame://connect/', 'sesame://connect/a/b', 'sesame://connect/%0Arm', 'sesame://connect/%E0%A4', 'not a url', `sesame://connect/${'x'.repeat(300)}`])(
    'ignores %s',
    (link) => {
      expect(parseDeepLink(link)).toBeUndefined();
    },
  );

  it('finds links and .sesame files in argv, skipping options and the app path', () => {
    expect(requestsFromArgv(['/opt/Sesame/sesame', '--no-sandbox', 'sesame://connect/db', '/home/a/team.sesame', 'notes.txt'])).toEqual([
      { kind: 'connect', profile: 'db' },
      { kind: 'import', path: '/home/a/team.sesame' },
    ]);
  });

  it('never throws on arbitrary input', () => {
    fc.assert(fc.property(fc.array(fc.string()), (argv) => Array.isArray(requestsFromArgv(argv))));
    fc.assert(fc.property(fc.string(), (s) => parseDeepLink(`sesame://connect/${s}`) === undefined || true));
  });
});

describe('tray menu', () => {
  const labels = { noGroup: 'Other', empty: 'No profiles yet' };
  const profile = (i: number, group = '') => ({ id: `p${i}`, name: `server ${String(i).padStart(2, '0')}`, group, draft: false });

  it('lists few profiles flat, sorted, with open and quit', () => {
    const menu = buildTrayMenu({ profiles: [profile(2), profile(1)], running: new Map(), labels });
    expect(menu).toEqual([
      { type: 'connect', label: 'server 01', profileId: 'p1', enabled: true },
      { type: 'connect', label: 'server 02', profileId: 'p2', enabled: true },
      { type: 'separator' },
      { type: 'open' },
      { type: 'quit' },
    ]);
  });

  it('groups many profiles into submenus, ungrouped last', () => {
    const profiles = Array.from({ length: 20 }, (_, i) => profile(i, i < 8 ? 'prod' : i < 16 ? 'dev' : ''));
    const menu = buildTrayMenu({ profiles, running: new Map(), labels });
    expect(menu.filter((m) => m.type === 'submenu').map((m) => (m.type === 'submenu' ? [m.label, m.items.length] : []))).toEqual([
      ['dev', 8],
      ['prod', 8],
      ['Other', 4],
    ]);
  });

  it('shows a running connect and disables drafts and running ones', () => {
    const menu = buildTrayMenu({ profiles: [profile(1), { ...profile(2), draft: true }], running: new Map([['p1', 'knock 2/3']]), labels });
    expect(menu[0]).toEqual({ type: 'connect', label: 'server 01 — knock 2/3', profileId: 'p1', enabled: false });
    expect(menu[1]).toMatchObject({ profileId: 'p2', enabled: false });
  });

  it('says so when there are no profiles', () => {
    expect(buildTrayMenu({ profiles: [], running: new Map(), labels })[0]).toEqual({ type: 'status', label: 'No profiles yet' });
  });
});

describe('run status', () => {
  it('labels the stages of a run and asks for a notice when it opens or fails', async () => {
    const { createRunStatus } = await import('../../../src-main/core/shell/run-status');
    const status = createRunStatus();
    expect(status.update('p1', { kind: 'resolved', host: 'h', address: '127.0.0.1', family: 'ipv4' })).toBeUndefined();
    status.update('p1', { kind: 'step', index: 2, total: 3, port: 8000, protocol: 'tcp', elapsedMs: 1 });
    expect(status.running.get('p1')).toBe('2/3');
    status.update('p1', { kind: 'open', port: 22, msFromFirstKnock: 31.6, msFromLastKnock: 10, attempts: 2 });
    expect(status.update('p1', { kind: 'launched', client: 'openssh', notes: [], clipboard: false })).toEqual({ kind: 'opened', profileId: 'p1', ms: 32 });
    expect(status.running.has('p1')).toBe(false);
    expect(status.update('p2', { kind: 'failed', class: 'filtered', stage: 'wait' })).toEqual({ kind: 'failed', profileId: 'p2', diagnosis: 'filtered' });
  });
});
