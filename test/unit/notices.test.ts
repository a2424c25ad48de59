import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatcher } from '../../src-main/contract';
import { createNoticeBoard } from '../../src-main/core/notices';
import { createTestCore } from '../support/test-core';

describe('notices main tells the window', () => {
  it('a profiles file that needs attention becomes a notice the window can still fetch later, and dismiss', async () => {
    const events: { event: string; payload: unknown }[] = [];
    const core = createTestCore({ emit: (event, payload) => events.push({ event, payload }) });
    try {
      writeFileSync(
        join(core.home, 'profiles.json'),
        '{"format":"sesame-profiles","version":1,"revision":1,"profiles":[\n{"id":"p1","name":"Broken","host":"[::1]","createdAt":1,"updatedAt":1}\n]}\n',
      );
      const dispatch = createDispatcher(core.handlers);
      const listed = await dispatch('listProfiles', {});
      expect(listed).toMatchObject({
        ok: true,
        value: { profiles: [], attention: [{ name: 'Broken', line: 2, issues: [{ path: 'host', message: expect.stringMatching(/write an IPv6 address bare/) }] }] },
      });
      // The window was not listening yet: the notice waits for it.
      const { value } = (await dispatch('listNotices', {})) as { value: { notices: { id: string; level: string; message: string }[] } };
      expect(value.notices).toEqual([{ id: expect.any(String), level: 'warning', message: expect.stringMatching(/1 profile\(s\) in .* need attention.*Broken \(line 2\): host/) }]);
      expect(events.filter((e) => e.event === 'appNotice')).toHaveLength(1);
      // Reading again does not repeat it.
      await dispatch('listProfiles', {});
      expect(events.filter((e) => e.event === 'appNotice')).toHaveLength(1);
      expect(await dispatch('dismissNotice', { id: value.notices[0]!.id })).toEqual({ ok: true, value: { dismissed: true } });
      expect(await dispatch('listNotices', {})).toEqual({ ok: true, value: { notices: [] } });
    } finally {
      await core.dispose();
    }
  });

  it('keeps the latest notices, once each', () => {
    const sent: unknown[] = [];
    const board = createNoticeBoard((_e, p) => sent.push(p), 3);
    for (const m of ['a', 'b', 'a', 'c', 'd']) board.push({ level: 'error', message: m });
    expect(board.list().map((n) => n.message)).toEqual(['a', 'c', 'd']);
    expect(sent).toHaveLength(5);
  });
});
