/**
 * The "filtered" diagnosis for a set-based knockd door (the knock adds the
 * address to an nftables set; a fixed rule accepts members of the set). The
 * classic mistake here is not `nft add` vs `nft insert` — the door inserts no
 * rule at all — but the rule that checks the set sitting after the DROP.
 * Against real knockd, nftables and sshd: the advice names the set checks, and
 * following it (the rule ahead of the DROP) opens the door.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { doorKindOf } from '../../src-main/core/diagnostics/door-kind';
import { explain } from '../../src-main/core/diagnostics/explain';
import { requireLab, run, startKnockd, startSshd, stopAll, type Knockd } from '../lab/lab';
import { sesame } from '../support/cli';

const TABLE = 'sesame_setdoor';
const GUARD = 2341;
const SEQUENCE = '7201,7202,7203';
// What the server's knockd.conf says: the knocker's address goes into a set with a timeout.
const COMMAND = `nft add element inet ${TABLE} knocked { %IP% }`;
let knockd: Knockd;
let home: string;

beforeAll(async () => {
  requireLab();
  home = mkdtempSync(join(tmpdir(), 'sesame-doors-'));
  // The rule that checks the set comes after the DROP: knockd fills the set, the port stays shut.
  const ruleset = [
    `table inet ${TABLE} {}`,
    `delete table inet ${TABLE}`,
    `table inet ${TABLE} {`,
    '  set knocked { type ipv4_addr; flags timeout; timeout 30s; }',
    '  chain input {',
    '    type filter hook input priority 0; policy accept;',
    `    tcp dport { ${SEQUENCE} } drop`,
    `    tcp dport ${GUARD} drop`,
    `    ip saddr @knocked tcp dport ${GUARD} accept`,
    '  }',
    '}',
    '',
  ].join('\n');
  await run('nft', ['-f', '-'], ruleset);
  await startSshd({ port: GUARD });
  knockd = await startKnockd({ doors: [{ name: 'setdoor', sequence: SEQUENCE, seqTimeout: 5, command: COMMAND }] });
});

afterAll(async () => {
  await run('nft', ['delete', 'table', 'inet', TABLE]).catch(() => undefined);
  await stopAll();
  rmSync(home, { recursive: true, force: true });
});

const knockAndWait = () => sesame(['knock', '-d', '0', '127.0.0.1', ...SEQUENCE.split(','), '--wait', String(GUARD), '--expect', 'ssh', '--timeout', '1.5'], { home });

describe('filtered behind a set-based door', () => {
  it('names the set, its timeout and the rule that references it; following that opens the door', async () => {
    const shut = await knockAndWait();
    expect(shut.code, shut.stderr).toBe(3);
    // The door did its part: knockd ran the command and the address is in the set…
    expect(await knockd.openCount('setdoor')).toBe(1);
    expect(await run('nft', ['list', 'set', 'inet', TABLE, 'knocked'])).toMatch(/elements = \{ 127\.0\.0\.1 (timeout 30s )?expires /);
    // …so "insert instead of add" is not the whole story: the text says what to check for a set.
    expect(shut.stderr).toContain('If the door\'s command adds your address to a set (nft add element … { %IP% }), inserting rules is not the fix');
    expect(shut.stderr).toMatch(/nft list set inet TABLE SET must show your address.*timeout must outlast.*rule that references the set \(ip saddr @SET tcp dport PORT accept.*must come before the DROP/s);
    // Sesame cannot see the server's firewall: with no door command known, both kinds are explained.
    expect(shut.stderr).toContain('nft insert rule instead of nft add rule');

    // Known from knockd.conf's command, only the set advice remains.
    const tailored = explain('filtered', 'en', { door: doorKindOf(COMMAND) });
    expect(tailored.fixes.join('\n')).toContain('nft list set inet TABLE SET');
    expect(tailored.fixes.join('\n')).not.toContain('nft insert rule instead of nft add rule');

    // Following the advice: the rule that references the set goes ahead of the DROP.
    await run('nft', ['insert', 'rule', 'inet', TABLE, 'input', 'ip', 'saddr', '@knocked', 'tcp', 'dport', String(GUARD), 'accept']);
    await run('nft', ['flush', 'set', 'inet', TABLE, 'knocked']);
    const open = await knockAndWait();
    expect(open.code, open.stderr).toBe(0);
    expect(await knockd.openCount('setdoor')).toBe(2);
  }, 30_000);
});
