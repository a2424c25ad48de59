import { describe, expect, it } from 'vitest';
import { translateMessage } from '../../../src-main/contract/locales/messages';
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
