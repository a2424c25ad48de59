/**
 * Which of ssh's askpass prompts may receive the secret. ssh runs SSH_ASKPASS
 * for every question it has — each hop of a ProxyJump, every key it tries, the
 * host-key question — and the prompt text is all the helper sees. So the
 * secret goes only to the exact prompt OpenSSH prints for the destination the
 * profile names; anything else (a bastion's password, "Password for
 * root@evil:", a one-time code) is refused and reported.
 *
 * Prompt forms, from OpenSSH-portable sshconnect2.c (the same in Win32-OpenSSH,
 * a fork of it):
 * - password auth, userauth_passwd(): `"%s@%s's password: "` with the server
 *   user and `options.host_key_alias ? options.host_key_alias : authctxt->host`;
 *   releases before 8.0 printed `"%.30s@%.128s's password: "` (truncated;
 *   commit 91b19198c), still accepted for old servers' clients.
 * - keyboard-interactive, input_userauth_info_req(): `"(%s@%s) %s"` — user,
 *   the same host, then the server's own prompt (since 8.5, commit 5442b491d;
 *   8.4 printed the server's prompt bare, which cannot be told from a hop's,
 *   so it is refused there).
 * - key passphrase, load_identity_file(): `"Enter passphrase for key '%.100s': "`
 *   with the file name as given to -i.
 * Sesame always passes HostKeyAlias, so the host in a prompt is that alias.
 */

export type PromptExpectation =
  /** `user` undefined: ssh picks the login (local user name or ssh_config), any user is accepted for the expected host. */
  | { kind: 'password'; user?: string; hosts: readonly string[] }
  /** `keyFile` undefined: a custom command whose key is unknown — any passphrase prompt. */
  | { kind: 'passphrase'; keyFile?: string }
  /** Sesame's own request from lftp's `source -e` (no prompt of a client involved). */
  | { kind: 'lftp'; user: string };

/** The pseudo-prompt the helper sends in lftp mode. */
export const lftpPrompt = (user: string): string => `sesame-lftp-login ${user}`;

/** What the server's keyboard-interactive prompt must look like to be a password question. */
const kbdIntPassword = /^(?:[A-Za-z]+ )?password: ?$/i;
const notOurs = /\b(?:new|old|retype|current|again)\b/i;

function loginPrompts(user: string, host: string): string[] {
  return [`${user}@${host}'s password: `, `${user.slice(0, 30)}@${host.slice(0, 128)}'s password: `];
}

/** Whether `prompt` asks for exactly the secret `expect` describes. */
export function promptMatches(expect: PromptExpectation, prompt: string): boolean {
  if (isHostKeyQuestion(prompt)) return false;
  switch (expect.kind) {
    case 'lftp':
      return prompt === lftpPrompt(expect.user);
    case 'passphrase':
      if (expect.keyFile === undefined) return /^Enter passphrase for key '.*': $/s.test(prompt);
      return prompt === `Enter passphrase for key '${expect.keyFile.slice(0, 100)}': `;
    case 'password':
      return expect.hosts.some((host) => {
        if (expect.user !== undefined) {
          if (loginPrompts(expect.user, host).includes(prompt)) return true;
          const prefix = `(${expect.user}@${host}) `;
          return prompt.startsWith(prefix) && isPasswordQuestion(prompt.slice(prefix.length));
        }
        // Any login name (no "@", no quote, no space) at exactly this host.
        const login = /^([^@'\s()]{1,256})@(.+)'s password: $/s.exec(prompt);
        if (login && login[2] === host) return true;
        const kbd = /^\(([^@'\s()]{1,256})@(.+?)\) (.*)$/s.exec(prompt);
        return kbd !== null && kbd[2] === host && isPasswordQuestion(kbd[3] ?? '');
      });
  }
}

function isPasswordQuestion(serverPrompt: string): boolean {
  return kbdIntPassword.test(serverPrompt) && !notOurs.test(serverPrompt);
}

/**
 * ssh's yes/no questions about a host key (sshconnect.c check_host_key():
 * "The authenticity of host … can't be established … Are you sure you want to
 * continue connecting (yes/no/[fingerprint])? ", and the IP-mismatch warning
 * ending in "(yes/no)? ").
 */
export function isHostKeyQuestion(prompt: string): boolean {
  return /continue connecting \(yes\/no(?:\/\[fingerprint\])?\)\? ?$/.test(prompt);
}

export interface HostKeyQuestion {
  /** The host as ssh names it (the HostKeyAlias), e.g. "[box.example.org]:2222". */
  host?: string;
  /** e.g. "ED25519". */
  keyType?: string;
  /** e.g. "SHA256:…". */
  fingerprint?: string;
  /** ssh's whole question, control characters removed, for the dialog's details. */
  text: string;
}

/** Picks host, key type and fingerprint out of ssh's question (text only: nothing here is trusted). */
export function parseHostKeyQuestion(prompt: string): HostKeyQuestion {
  // eslint-disable-next-line no-control-regex -- removing control characters (keeping \t and \n) is the point
  const text = prompt.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').slice(0, 4000);
  const host = /The authenticity of host '([^'\s]{1,300}) \(/.exec(text)?.[1] ?? /host key for '([^'\s]{1,300})'/.exec(text)?.[1];
  const fp = /([A-Z0-9-]{2,20}) key fingerprint is:? ((?:SHA256|MD5):[A-Za-z0-9+/=:]{10,120})/.exec(text);
  return {
    text,
    ...(host !== undefined ? { host } : {}),
    ...(fp?.[1] !== undefined ? { keyType: fp[1] } : {}),
    ...(fp?.[2] !== undefined ? { fingerprint: fp[2] } : {}),
  };
}

/** A prompt as it may be shown to the user: one line, no control characters, bounded. */
export function printablePrompt(prompt: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const flat = prompt.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
