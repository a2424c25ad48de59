import { describe, expect, it } from 'vitest';
import { locales } from '../../../src-main/contract/locales';
import { checkTemplate } from '../../../src-main/core/launcher/custom-template';
import { launchMessages, type LaunchMessageId, type LaunchParams } from '../../../src-main/core/launcher/launch-messages';
import { LaunchError, validatePath, validateRemoteCommand, validateUser } from '../../../src-main/core/launcher/validate';
import { koreanMessage } from '../../support/korean-message';

// One sample per id: a new refusal without Korean (or without a sample here) fails typecheck or this file.
const samples: Record<LaunchMessageId, { field?: string; params?: LaunchParams }> = {
  'template.empty': { field: 'customTemplate' },
  'template.too-long': { field: 'customTemplate' },
  'template.bad-element': { field: 'customTemplate.2' },
  'template.program-placeholder': { field: 'customTemplate.0' },
  'template.embedded-placeholder': { field: 'customTemplate.1', params: { element: '{user}@{host}', placeholder: '{user}' } },
  'template.unknown-placeholder': { field: 'customTemplate.1', params: { element: '{hots}', placeholder: '{hots}', known: '{host}, {port}' } },
  'template.no-user': { field: 'customTemplate.1' },
  'template.missing': { field: 'customTemplate' },
  'request.invalid': { field: 'user', params: { problem: 'is empty: enter the login name' } },
  'request.not-address': { field: 'address', params: { address: 'db.example', family: 6 } },
  'request.posix-path': { field: 'keyFile', params: { path: '/home/anna/.ssh/id_ed25519' } },
  'request.windows-path': { field: 'keyFile', params: { path: 'C:\\Users\\anna\\key' } },
  'request.too-many-words': { field: 'remoteCommand' },
  'request.bad-word': { field: 'remoteCommand.3' },
  'request.family': { field: 'family' },
  'request.no-key-file': { field: 'keyFile' },
  'key.unreadable': { field: 'keyFile', params: { path: '/home/anna/.ssh/gone' } },
  'key.not-ppk': { field: 'keyFile', params: { path: 'C:\\keys\\id_rsa', program: 'PuTTY' } },
  'client.wrong-service': { field: 'client', params: { client: 'lftp', service: 'ssh' } },
  'client.wrong-platform': { field: 'client', params: { client: 'winscp', platform: 'linux' } },
  'client.not-found': { field: 'client', params: { program: 'lftp' } },
  'client.ssh-only-command': { field: 'remoteCommand' },
  'client.putty-command': { field: 'remoteCommand' },
  'client.lftp-needs-user': { field: 'user' },
  'terminal.none': { field: 'terminal' },
  'terminal.unavailable': { field: 'terminal', params: { terminal: 'konsole' } },
  'terminal.not-found': { field: 'terminal', params: { program: 'wt.exe' } },
  'terminal.percent': { field: 'terminal', params: { word: 'fe80::1%eth0', program: 'Windows Terminal' } },
  'terminal.macos-script': { field: 'terminal' },
  'askpass.noexec': { params: { dir: '/tmp' } },
  'askpass.noexec-dirs': { params: { dirs: '/home/anna/.local/share/sesame/run', dir: '/tmp' } },
  'askpass.windows': {},
  'kit.no-askpass': {},
  'kit.no-private-dir': {},
  'handoff.macos-automation': { field: 'terminal', params: { program: 'iTerm' } },
  'handoff.failed': { field: 'terminal', params: { program: 'Windows Terminal', exit: 2 } },
  'handoff.failed-detail': { field: 'terminal', params: { program: 'Windows Terminal', exit: 2, detail: '0x80070002' } },
};

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe("the launcher's refusals in Korean", () => {
  it('every id has a Korean text with the same placeholders (request.invalid is the field plus a schema message)', () => {
    const missing = Object.entries(launchMessages).filter(([id, english]) => id !== 'request.invalid' && locales.ko.messages.text[english as keyof typeof locales.ko.messages.text] === undefined);
    expect(missing.map(([id]) => id)).toEqual([]);
    for (const [id, english] of Object.entries(launchMessages)) {
      if (id === 'request.invalid') continue;
      const ko = (locales.ko.messages.text as Record<string, string>)[english]!;
      expect(placeholders(ko).filter((p, i, all) => all.indexOf(p) === i), id).toEqual(placeholders(english).filter((p, i, all) => all.indexOf(p) === i));
      expect((locales.en.messages.text as Record<string, string>)[english], id).toBe(english);
    }
  });

  it.each(Object.keys(launchMessages) as LaunchMessageId[])('%s: the error as raised reads in Korean, its data kept', (id) => {
    const { field, params = {} } = samples[id];
    const error = new LaunchError(id, 'INVALID_INPUT', field, params);
    expect(error.message).not.toMatch(/\{\{/);
    const text = koreanMessage(error.message);
    // Data stays; a service kind ("ssh") reads as the service's name ("SSH").
    for (const [name, value] of Object.entries(params)) if (name !== 'problem' && name !== 'service') expect(text).toContain(String(value));
  });

  it('the real checks raise them: the field names and the element numbers read in Korean', () => {
    const raised = (fn: () => unknown): LaunchError => {
      try {
        fn();
      } catch (error) {
        if (error instanceof LaunchError) return error;
        throw error;
      }
      throw new Error('accepted');
    };
    expect(koreanMessage(raised(() => checkTemplate(['ssh', '{hots}'])).message)).toBe(
      '사용자 지정 명령 › 2: “{hots}”은(는) 알 수 없는 자리 표시자 {hots}를 씁니다(쓸 수 있는 것: {host}, {port}, {user}, {address}, {family}, {familyFlag})',
    );
    expect(koreanMessage(raised(() => validateUser('')).message)).toMatch(/^사용자 이름: /);
    expect(koreanMessage(raised(() => validateRemoteCommand(['ls', ''])).message)).toBe('원격 명령 › 2: 제어 문자 없이 1–4096자여야 합니다');
    const path = raised(() => validatePath('/home/anna/.ssh/id', 'win32'));
    expect(path.message).toBe('keyFile: "/home/anna/.ssh/id" is a POSIX path, not a Windows one: choose the key file on this computer');
    expect(koreanMessage(path.message)).toBe('키 파일: “/home/anna/.ssh/id”은(는) Windows 경로가 아니라 POSIX 경로입니다. 이 컴퓨터에 있는 키 파일을 고르세요');
  });
});
