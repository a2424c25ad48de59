import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isContractError } from '../../../src-main/contract/errors';
import { profileSchema } from '../../../src-main/contract/features/profiles';
import { locales } from '../../../src-main/contract/locales';
import { translateMessage } from '../../../src-main/contract/locales/messages';
import { knockTargetOf } from '../../../src-main/core/knock/profile-target';
import { previewTemplate } from '../../../src-main/core/launcher/template-preview';
import { prepareImport, readCapped } from '../../../src-main/core/sharing/import-files';
import { importKnockdConf } from '../../../src-main/core/sharing/importers/knockd';
import { buildExport } from '../../../src-main/core/sharing/sesame-file';
import { ImportError } from '../../../src-main/core/sharing/limits';
import { koreanMessage } from '../../support/korean-message';

const fixtures = join(import.meta.dirname, '../../fixtures/import');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

const korean = koreanMessage;

async function importError(fileName: string, text: string, format?: 'sesame' | 'filezilla' | 'knockd'): Promise<string> {
  try {
    await prepareImport(fileName, text, { homedir: '/home/anna', ...(format ? { format } : {}) });
  } catch (error) {
    if (error instanceof ImportError) return error.message;
    throw error;
  }
  throw new Error(`${fileName} was accepted`);
}

describe("main's messages in Korean (messages locale)", () => {
  it('English maps each message to itself; Korean translates every one', () => {
    for (const [key, text] of Object.entries(locales.en.messages.text)) expect(text).toBe(key);
    const copied = Object.entries(locales.ko.messages.text).filter(([english, text]) => text === english);
    expect(copied).toEqual([]);
  });

  it('every warning the importers give for the shipped fixtures', async () => {
    const warnings: string[] = [];
    for (const [name, format] of [['knockd.conf', 'knockd'], ['fwknoprc', 'fwknoprc'], ['filezilla-3.63-sitemanager.xml', 'filezilla'], ['ssh/config', 'ssh-config']] as const) {
      const prepared = await prepareImport(name, read(name), { homedir: '/home/anna', format });
      warnings.push(...prepared.warnings);
    }
    const profile = profileSchema.parse({ id: 'p1', name: 'x', oneTimeSequences: [{ steps: [{ port: 1 }] }], createdAt: 1, updatedAt: 1 });
    warnings.push(...(await buildExport([profile], { now: () => 1, includeOneTimeSequences: true })).warnings);
    expect(warnings.length).toBeGreaterThanOrEqual(6);
    for (const w of warnings) korean(w);
  });

  it("every per-item note the import preview shows (FileZilla's FTPS and FTPES, knockd's guessed services and one-time lists, ssh_config's proxies)", async () => {
    const notes: string[] = [];
    const collect = (prepared: { candidates: { notes?: string[] }[] }) => notes.push(...prepared.candidates.flatMap((c) => c.notes ?? []));
    for (const [name, format] of [['filezilla-ftps-sitemanager.xml', 'filezilla'], ['filezilla-3.63-sitemanager.xml', 'filezilla'], ['ssh/config', 'ssh-config'], ['knockd.conf', 'knockd']] as const) {
      collect(await prepareImport(name, read(name), { homedir: '/home/anna', format }));
    }
    const doors = [
      '[mystery]\n  sequence = 7000\n',
      '[openFTPS]\n  sequence = 7001\n',
      '[openSSH]\n  sequence = 7002\n',
      '[otp]\n  one_time_sequences = /etc/knockd/otp\n  command = iptables -I INPUT -s %IP% -p tcp --dport 22 -j ACCEPT\n',
    ].join('');
    collect(await prepareImport('knockd.conf', doors, { homedir: '/h', format: 'knockd' }));
    const lists = [
      async () => ({ path: '/etc/knockd/otp', text: '7000,8000\n9000\n' }),
      async () => ({ path: '/srv/copy/otp', text: '7000,8000\n' }),
      async () => ({ path: '/etc/knockd/otp', text: '# 7000\n' }),
      async () => ({ path: '/etc/knockd/otp', text: 'not a list\n' }),
      async () => ({ error: 'it is not on this computer, nor beside knockd.conf' }),
    ];
    for (const readSequenceFile of lists) collect(await importKnockdConf(doors, { readSequenceFile }));
    const distinct = [...new Set(notes)];
    // Each kind of note at least once: FTPS, FTPES, SSH assumed, port from the name, list read (both ways), list unreadable, ProxyJump.
    for (const pattern of [/implicit TLS \(FTPS\) on port/, /explicit TLS \(FTPES\)/, /assumed SSH/, /comes from the door's name/, /read from \/etc/, /the door names/, /could not be read here/, /ProxyJump/]) {
      expect(distinct.some((n) => pattern.test(n)), String(pattern)).toBe(true);
    }
    for (const note of distinct) korean(note);
  });

  it('knockd.conf parser warnings with their line numbers, and a skipped entry with its reason', async () => {
    const prepared = await prepareImport('knockd.conf', '[options]\n  Frobnicate = 1\n[door]\n  sequence = 7000\n  tcpflags = fin\n  target = 10.0.0.1\n  colour = red\n', { homedir: '/h', format: 'knockd' });
    expect(prepared.warnings.length).toBeGreaterThanOrEqual(3);
    for (const w of prepared.warnings) korean(w);
    const ssh = await prepareImport('config', 'Host a\n  HostName %r.example\nHost b\n  Port x\n', { homedir: '/h', format: 'ssh-config' });
    expect(ssh.warnings.some((w) => w.includes('was skipped'))).toBe(true);
    for (const w of ssh.warnings) korean(w);
  });

  it('import refusals', async () => {
    const messages = [
      await importError('sites.xml', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><FileZilla3/>', 'filezilla'),
      await importError('sites.xml', '<FileZilla3><Servers>', 'filezilla'),
      await importError('sites.xml', '<Other/>', 'filezilla'),
      await importError('team.sesame', '{"format": "sesame-export"', 'sesame'),
      await importError('team.sesame', '{"format":"sesame-export","version":99,"profiles":[]}', 'sesame'),
      ...(await Promise.all(
        ['[door]\n  sequence = 70000\n', '[door]\n  sequence = 7000:icmp\n', '[door\n', '[door]\n  seq_timeout = soon\n  sequence = 1\n', 'sequence = 1\n', '[door]\n  just words\n', '[door]\n  cmd_timeout = 5\n'].map((text) =>
          importError('knockd.conf', text, 'knockd'),
        ),
      )),
      await readCapped(join(fixtures, 'no-such-file')).then(
        () => '',
        (e: Error) => e.message,
      ),
    ];
    const texts = messages.map(korean);
    // Data inside a message (a path, a line number) is kept as it is.
    expect(texts.at(-1)).toContain('no-such-file');
  });

  it('"profile not complete", issue by issue, with Korean field names', () => {
    let message = '';
    try {
      knockTargetOf(profileSchema.parse({ id: 'p1', name: 'draft one', createdAt: 1, updatedAt: 1 }));
    } catch (error) {
      if (!isContractError(error)) throw error;
      message = error.message;
    }
    expect(message).toMatch(/is not complete/);
    expect(korean(message)).toBe(
      '“draft one” 프로필이 아직 완성되지 않았습니다: 호스트: 비어 있습니다. 호스트 이름이나 IP 주소를 입력하세요.; 노크 순서: 비어 있습니다. 노크 단계를 하나 이상 추가하세요.',
    );
  });

  it("the custom template's refusals, without their field prefix (the editor names the line)", () => {
    for (const template of [['ssh', '{user}@{host}'], ['ssh', '{hots}'], ['{host}'], ['ssh', '{user}'], Array.from({ length: 257 }, () => 'x')]) {
      const problem = previewTemplate({ template, addressFamily: 'auto' }).problem;
      expect(problem).toBeDefined();
      const rest = problem!.message.startsWith(`${problem!.field}: `) ? problem!.message.slice(problem!.field.length + 2) : problem!.message;
      korean(rest);
    }
  });

  it('text already in Korean passes; unknown English is reported as unknown, unchanged', () => {
    expect(translateMessage('“web” 프로필이 없습니다', 'ko')).toEqual({ text: '“web” 프로필이 없습니다', known: true });
    expect(translateMessage('Something main never said.', 'ko')).toEqual({ text: 'Something main never said.', known: false });
    expect(translateMessage('Something main never said.', 'en')).toEqual({ text: 'Something main never said.', known: true });
  });
});
