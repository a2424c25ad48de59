import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src-main/cli/io';
import { main } from '../../../src-main/cli/main';
import { cliErrorPaths, englishSentences } from '../../support/english';
import { tempHome } from '../profiles/helpers';

async function run(argv: readonly string[], lang: string, home: string): Promise<{ code: number; text: string }> {
  let text = '';
  const io: CliIo = {
    out: (t) => void (text += t),
    err: (t) => void (text += t),
    stdin: new PassThrough(),
    stdinIsTTY: false,
    // No keychain is needed: every path stops before one would be asked.
    env: { PATH: process.env.PATH, LANG: lang, SESAME_HOME: home, HOME: home },
  };
  return { code: await main([...argv], io), text };
}

describe('the CLI\'s usage errors and notes follow LANG', () => {
  const home = tempHome();

  it.each(cliErrorPaths.map((argv) => [argv.join(' '), argv]))('sesame %s: Korean, no English sentence, same exit code', async (_name, argv) => {
    const ko = await run(argv as string[], 'ko_KR.UTF-8', home);
    const en = await run(argv as string[], 'C', home);
    expect(ko.code).not.toBe(0);
    expect(ko.code).toBe(en.code);
    expect(ko.text).toMatch(/[가-힣]/);
    expect(englishSentences(ko.text), ko.text).toEqual([]);
    // The same path under LANG=C is the English text, so the Korean one did not come from elsewhere.
    expect(en.text).not.toMatch(/[가-힣]/);
    expect(en.text).not.toBe(ko.text);
  });

  it('the detector catches English sentences and lets commands, quotes, options, paths and lists through', () => {
    expect(englishSentences('sesame profiles: No profile named or with id "ghost".')).toEqual(['No profile named or with id']);
    expect(englishSentences('사용법은 "sesame knock --help"로 확인하세요.\nRun "sesame knock --help" for usage.')).toEqual(['Run for usage']);
    expect(englishSentences('sesame profiles: 동작을 지정하세요: list, show, add 또는 import\n      sesame profiles import /etc/knockd.conf --format knockd')).toEqual([]);
  });

  it('LC_ALL wins over LANG, as gettext has it', async () => {
    const { text } = await run(['bogus'], 'C', home);
    expect(text).toMatch(/^sesame: unknown command "bogus"/);
    let ko = '';
    await main(['bogus'], { out: (t) => void (ko += t), err: (t) => void (ko += t), stdin: new PassThrough(), stdinIsTTY: false, env: { LANG: 'C', LC_ALL: 'ko_KR.UTF-8' } });
    expect(ko).toMatch(/^sesame: 알 수 없는 명령 "bogus"입니다/);
  });
});
