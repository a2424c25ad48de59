import { basename } from 'node:path';
import type { ImportFormat } from './candidates';
import { UnknownFormatError } from './limits';

/**
 * ssh_config keywords, lower-cased, as OpenSSH's readconf.c `keywords[]` lists
 * them (OpenSSH 9.x, incl. deprecated aliases it still accepts). OpenSSH
 * itself refuses a config whose first directive is not one of these ("Bad
 * configuration option"), so that is what tells an ssh config from text.
 */
const sshKeywords = new Set(
  (
    'host match include hostname port user identityfile identitiesonly identityagent proxyjump proxycommand proxyusefdpass ' +
    'forwardagent forwardx11 forwardx11trusted forwardx11timeout localforward remoteforward dynamicforward ' +
    'serveraliveinterval serveralivecountmax stricthostkeychecking userknownhostsfile globalknownhostsfile ' +
    'hostkeyalgorithms hostkeyalias kexalgorithms ciphers macs compression connecttimeout connectionattempts ' +
    'controlmaster controlpath controlpersist addkeystoagent addressfamily batchmode bindaddress bindinterface ' +
    'canonicaldomains canonicalizefallbacklocal canonicalizehostname canonicalizemaxdots canonicalizepermittedcnames ' +
    'casignaturealgorithms certificatefile channeltimeout checkhostip clearallforwardings enableescapecommandline ' +
    'enablesshkeysign escapechar exitonforwardfailure fingerprinthash forkafterauthentication gatewayports ' +
    'gssapiauthentication gssapidelegatecredentials hashknownhosts hostbasedacceptedalgorithms hostbasedkeytypes ' +
    'hostbasedauthentication ignoreunknown ipqos kbdinteractiveauthentication kbdinteractivedevices ' +
    'challengeresponseauthentication knownhostscommand localcommand loglevel logverbose nohostauthenticationforlocalhost ' +
    'numberofpasswordprompts obscurekeystrokes passwordauthentication permitlocalcommand permitremoteopen pkcs11provider ' +
    'preferredauthentications pubkeyacceptedalgorithms pubkeyacceptedkeytypes pubkeyauthentication rekeylimit ' +
    'remotecommand requesttty requiredrsasize revokedhostkeys securitykeyprovider sendenv setenv sessiontype stdinnull ' +
    'streamlocalbindmask streamlocalbindunlink tag tcpkeepalive tunnel tunneldevice updatehostkeys usekeychain ' +
    'verifyhostkeydns visualhostkey xauthlocation'
  ).split(' '),
);

/** The first directive's keyword (up to whitespace or "="), or undefined when the text has none. */
function firstDirective(text: string): string | undefined {
  let start = 0;
  // Bounded: a file whose first 64 KB are comments or blank is judged on those.
  const head = text.slice(0, 64 * 1024);
  while (start < head.length) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const line = head.slice(start, end).trim();
    start = end + 1;
    if (line === '' || line.startsWith('#')) continue;
    return /^[A-Za-z][A-Za-z0-9]*/.exec(line)?.[0].toLowerCase() ?? '';
  }
  return undefined;
}

/** True for text with NUL bytes or mostly undecodable bytes: an image, an archive, a key store. */
function looksBinary(head: string): boolean {
  if (head.includes('\u0000')) return true;
  let odd = 0;
  for (const c of head) if (c === '\uFFFD' || (c < ' ' && c !== '\n' && c !== '\r' && c !== '\t')) odd++;
  return odd > head.length / 10;
}

/**
 * The format of a file to import, from its name and content together: a name
 * alone never decides (a "config" holding JSON is not an ssh config), and a
 * file that is none of the formats is refused with the list of those Sesame
 * reads, never read as an empty ssh config.
 */
export function detectFormat(fileName: string, text: string): ImportFormat {
  const file = basename(fileName);
  const name = file.toLowerCase();
  const head = text.slice(0, 4096);
  if (looksBinary(head)) throw new UnknownFormatError(file, 'it is binary, not text');
  if (text.trim() === '') throw new UnknownFormatError(file, 'it is empty');
  if (/^\uFEFF?\s*{/.test(head)) {
    if (/"format"\s*:\s*"sesame-export"/.test(head) || name.endsWith('.sesame')) return 'sesame';
    if (/"format"\s*:\s*"sesame-profiles"/.test(head)) return 'sesame-profiles';
    throw new UnknownFormatError(file, 'it is JSON, but neither a Sesame export nor a Sesame profiles.json');
  }
  if (name.endsWith('.sesame')) return 'sesame';
  if (name.endsWith('.xml') || /<FileZilla3[\s>]/.test(head)) return 'filezilla';
  if (name.includes('fwknoprc') || /^\s*(SPA_SERVER|ACCESS|ALLOW_IP)\s/m.test(head)) return 'fwknoprc';
  if (name.includes('knockd') || /^\s*(sequence|one_time_sequences)\s*=/im.test(head)) return 'knockd';
  const keyword = firstDirective(text);
  if (keyword !== undefined && sshKeywords.has(keyword)) return 'ssh-config';
  throw new UnknownFormatError(
    file,
    keyword === undefined ? 'it has only comments' : keyword ? `it starts with "${keyword.slice(0, 40)}", as none of those files does` : 'its content is none of those formats',
  );
}
