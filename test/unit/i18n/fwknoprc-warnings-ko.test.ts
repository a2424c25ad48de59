import { describe, expect, it } from 'vitest';
import { translateMessage } from '../../../src-main/contract/locales/messages';
import { prepareImport } from '../../../src-main/core/sharing/import-files';
import { importFwknoprc } from '../../../src-main/core/sharing/importers/fwknoprc';

// One .fwknoprc that sets off every warning the importer can give: parse
// problems (fwknoprc.ts), bad values and settings Sesame does not use
// (rc-settings.ts). Each must reach a Korean preview in Korean.
const rc = `VERBOSE Y
[broken
[web]
SPA_SERVER web.example.org
KEY_BASE64 ${'A'.repeat(43)}=
HMAC_KEY_BASE64 ${'B'.repeat(86)}==
USE_HMAC yes
ACCESS tcp/22 trailing
ALLOW_IP 10.0.0.
SPA_SERVER_PORT 99999
SPA_SERVER_PROTO icmp
ENCRYPTION_MODE pcbc
DIGEST_TYPE md4
HMAC_DIGEST_TYPE whirl
NAT_ACCESS nohost
RESOLVE_URL ftp://x
FW_TIMEOUT 0
VERBOSE Y
NO_SAVE_ARGS Y
USE_WGET_USER_AGENT Y
WGET_CMD /usr/bin/wget
RESOLVE_HTTP_ONLY Y
SERVER_RESOLVE_IPV4 Y
HTTP_USER_AGENT x
USE_GPG Y
GPG_RECIPIENT x
SPOOF_SOURCE_IP 1.2.3.4
RAND_PORT Y
NAT_RAND_PORT Y
KEY_FILE /k
HMAC_KEY_FILE /h
SPA_SOURCE_PORT 1000
TYPO_VARIABLE 1
EMPTY_ONE
[web]
SPA_SERVER_PORT 62201
[nokeys]
SPA_SERVER_PORT 62201;x
spa_server_proto udp
HMAC_KEY secret more
ALLOW_IP resolve
SPA_SERVER_PROTO udpraw
ACCESS tcp/99999
TIME_OFFSET soon
SPA_SERVER_PROTO carrier-pigeon
ENCRYPTION_MODE xts
[shortkey]
SPA_SERVER s.example.org
KEY_BASE64 !!notbase64
`;

describe('.fwknoprc import warnings in Korean', () => {
  const { warnings } = importFwknoprc(rc);

  it('the corpus sets off many warnings', () => {
    expect(warnings.length).toBeGreaterThan(25);
  });

  it.each(warnings.map((w) => [w]))('%s', (warning) => {
    const { text, known } = translateMessage(warning, 'ko');
    expect(known, `no Korean for: ${warning}`).toBe(true);
    // The "where" prefix is Korean on its own: the reason after it must be too.
    const reason = text.replace(/^(\.fwknoprc|\[[^\]]*\])( \d+번째 줄)?: /, '');
    expect(reason, text).toMatch(/[\uac00-\ud7a3]/);
    expect(text, 'the "where" prefix is translated too').not.toMatch(/\bline \d+/);
  });
});

describe('the notes an import writes into profiles, in the user language', () => {
  const knockdConf = '[options]\n  logfile = /var/log/knockd.log\n[openSSH]\n  sequence = 7000,8000,9000\n  seq_timeout = 5\n  command = /sbin/iptables -I INPUT -s %IP% -p tcp --dport 22 -j ACCEPT\n';
  const filezilla = '<?xml version="1.0"?><FileZilla3><Servers><Server><Host>ftp.example.org</Host><Port>21</Port><Protocol>0</Protocol><User>me</User><Name>shop</Name><Comments>Line 3: my own note, kept as written</Comments></Server></Servers></FileZilla3>';

  it('.fwknoprc and knockd.conf notes are Korean for a Korean user, English otherwise', async () => {
    const ko = await prepareImport('.fwknoprc', rc, { homedir: '/home/u', format: 'fwknoprc', language: 'ko' });
    const web = ko.candidates.find((c) => c.fields.name === 'web')!;
    expect(web.fields.notes).toMatch(/^\.fwknoprc의 \[web\] 항목에서 가져왔습니다\.\n/);
    expect(web.fields.notes).not.toMatch(/\bLine \d+|Imported from|not used by Sesame/);
    const en = await prepareImport('.fwknoprc', rc, { homedir: '/home/u', format: 'fwknoprc', language: 'en' });
    expect(en.candidates.find((c) => c.fields.name === 'web')!.fields.notes).toMatch(/^Imported from \.fwknoprc stanza \[web\]\.\n/);
    const knockd = await prepareImport('knockd.conf', knockdConf, { homedir: '/home/u', format: 'knockd', language: 'ko' });
    expect(knockd.candidates[0]!.fields.notes).toMatch(/^knockd\.conf의 \[openSSH\]에서 가져왔습니다\.\n서버의 seq_timeout: 5초/);
  });

  it("the user's own notes (a FileZilla comment) are kept exactly as written", async () => {
    const fz = await prepareImport('sitemanager.xml', filezilla, { homedir: '/home/u', format: 'filezilla', language: 'ko' });
    expect(fz.candidates[0]!.fields.notes).toBe('Line 3: my own note, kept as written');
  });
});

describe('a custom client in the keychain notices', () => {
  it('reads "클라이언트" in Korean; named clients keep their names', () => {
    const note = (client: string) =>
      `The keyring is locked, so the saved password was not read: ${client} will ask for it. To use it next time, unlock the keyring first (desktop login, Seahorse, or gnome-keyring-daemon --unlock), or log in with your SSH agent instead: sesame profiles edit "web" --auth agent.`;
    const custom = translateMessage(note('the client'), 'ko');
    expect(custom.known).toBe(true);
    expect(custom.text).not.toContain('the client');
    expect(custom.text).toContain('클라이언트');
    expect(translateMessage(note('PuTTY'), 'ko').text).toContain('PuTTY');
  });
});
