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
    // Whatever follows connect/, a link yields nothing or one clean profile reference: never a control
    // character, never blank or padded, never longer than a name can be.
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const link = parseDeepLink(`sesame://connect/${encodeURIComponent(s)}`);
        if (link === undefined) return true;
        if (link.kind !== 'connect') return false;
        // eslint-disable-next-line no-control-regex -- the property under test
        return link.profile === link.profile.trim() && link.profile.length > 0 && link.profile.length <= 200 && !/[\u0000-\u001f\u007f-\u009f]/.test(link.profile) && link.profile === s.trim();
      }),
    );
  });
});

describe('tray menu', () => {
  const labels = { noGroup: 'Other', empty: 'No profiles yet' };
  const profile = (i: number, group = '') => ({ id: `p${i}`, name: `server ${String(i).padStart(2, '0')}`, group, draft: false });

  it('lists few profiles flat, sorted, with open and quit', () => {
    const menu = buildTrayMenu({ profiles: [profile(2), profile(1)], running: new Map(), labels });
    expect(menu).toEqual([
      // Names are isolated (FSI … PDI): a right-to-left name cannot reorder the label around it.
      { type: 'connect', label: '\u2068server 01\u2069', profileId: 'p1', enabled: true },
      { type: 'connect', label: '\u2068server 02\u2069', profileId: 'p2', enabled: true },
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
    expect(menu[0]).toEqual({ type: 'connect', label: '\u2068server 01\u2069 — knock 2/3', profileId: 'p1', enabled: false, state: 'running' });
    expect(menu[1]).toMatchObject({ profileId: 'p2', enabled: false });
  });

  it('marks a door open right now, and keeps it connectable for a second session', () => {
    const menu = buildTrayMenu({
      profiles: [profile(1), profile(2)],
      running: new Map(),
      open: new Set(['p2']),
      labels: { ...labels, openNow: '문 열림' },
    });
    expect(menu.slice(0, 2)).toEqual([
      { type: 'connect', label: '\u2068server 01\u2069', profileId: 'p1', enabled: true },
      { type: 'connect', label: '\u2068server 02\u2069 — 문 열림', profileId: 'p2', enabled: true, state: 'open' },
    ]);
  });

  it('words the stages with the shell translations, in Korean too', async () => {
    const { translate } = await import('../../../src-main/core/i18n');
    const { stageLabel } = await import('../../../src-main/core/shell/tray-menu');
    const ko = translate('ko', 'shell');
    const t = (key: string, values: Record<string, number>) => ko(key, values);
    expect([
      stageLabel({ kind: 'resolving' }, t),
      stageLabel({ kind: 'knock', index: 2, total: 3 }, t),
      stageLabel({ kind: 'waiting', port: 22 }, t),
      stageLabel({ kind: 'opened', ms: 41 }, t),
    ]).toEqual(['주소 확인 중…', '노크 2/3', ':22 대기 중', '41ms 만에 열림']);
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
    expect(status.running.get('p1')).toEqual({ kind: 'knock', index: 2, total: 3 });
    status.update('p1', { kind: 'open', port: 22, msFromFirstKnock: 31.6, msFromLastKnock: 10, attempts: 2 });
    expect(status.update('p1', { kind: 'launched', client: 'openssh', notes: [], clipboard: false, tracksExit: true })).toEqual({ kind: 'opened', profileId: 'p1', ms: 32 });
    expect(status.running.has('p1')).toBe(false);
    expect(status.update('p2', { kind: 'failed', class: 'filtered', stage: 'wait' })).toEqual({ kind: 'failed', profileId: 'p2', diagnosis: 'filtered' });
  });

  it('keeps a door marked open while its sessions run, and ends a run that failed without a diagnosis', async () => {
    const { createRunStatus } = await import('../../../src-main/core/shell/run-status');
    const status = createRunStatus();
    const launched = (tracksExit: boolean) => ({ kind: 'launched' as const, client: 'openssh' as const, notes: [], clipboard: false, tracksExit });
    status.update('p1', launched(true));
    status.update('p1', launched(true));
    // A hand-off to a running terminal says nothing about the session: not counted.
    status.update('p3', launched(false));
    expect([...status.open()]).toEqual(['p1']);
    status.update('p1', { kind: 'client-exited', code: 0 });
    expect([...status.open()]).toEqual(['p1']);
    status.update('p1', { kind: 'client-exited', code: 0 });
    expect([...status.open()]).toEqual([]);
    expect(status.update('p1', { kind: 'error', code: 'CLOSE_FAILED', message: 'x' })).toEqual({ kind: 'closeFailed', profileId: 'p1' });

    status.update('p2', { kind: 'step', index: 1, total: 2, port: 7000, protocol: 'tcp', elapsedMs: 0 });
    expect(status.update('p2', { kind: 'error', code: 'NOT_FOUND', message: 'No program…' })).toEqual({ kind: 'failed', profileId: 'p2' });
    expect(status.running.has('p2')).toBe(false);
  });
});
