/**
 * Every refusal the launcher can raise, by a stable id. The English text,
 * with its {{placeholders}}, is also the key of main's message tables
 * (src-main/contract/locales/messages.<lang>.json, "text"): the window
 * (useMessageText) and the CLI (localMessage) show a LaunchError in the
 * user's language through that one lookup, as every other main message.
 * test/unit/i18n/launch-messages.test.ts checks that each id has Korean.
 *
 * `{{field}}` is the request field at fault ("customTemplate.3"); the lookup
 * shows it with the field's name in the user's language.
 */
export const launchMessages = {
  'template.empty': '{{field}}: is empty: give at least the program to run',
  'template.too-long': '{{field}}: has more than 256 elements',
  'template.bad-element': '{{field}}: must be a non-empty string without NUL',
  'template.program-placeholder': '{{field}}: the program itself cannot be a placeholder',
  'template.embedded-placeholder':
    '{{field}}: "{{element}}" puts {{placeholder}} inside a larger argument; a placeholder must be a whole element (write it as its own array item)',
  'template.unknown-placeholder': '{{field}}: "{{element}}" uses the unknown placeholder {{placeholder}} (known: {{known}})',
  'template.no-user': '{{field}}: uses {user} but the profile has no user name',
  'template.missing': '{{field}}: is empty: a custom client needs a command template',
  // A schema message after the field: shown through the validation table, issue by issue.
  'request.invalid': '{{field}}: {{problem}}',
  'request.not-address': '{{field}}: "{{address}}" is not an IPv{{family}} address',
  'request.posix-path': '{{field}}: "{{path}}" is a POSIX path, not a Windows one: choose the key file on this computer',
  'request.windows-path': '{{field}}: "{{path}}" is a Windows path: choose the key file on this computer',
  'request.too-many-words': '{{field}}: has more than 256 words',
  'request.bad-word': '{{field}}: must be 1–4096 characters without control characters',
  'request.family': '{{field}}: must be 4 or 6',
  'request.no-key-file': '{{field}}: is empty: choose the key file for key authentication',
  'key.unreadable': '{{field}}: "{{path}}" does not exist or cannot be read: choose the key file again',
  'key.not-ppk':
    '{{field}}: "{{path}}" is not a PuTTY key (.ppk): {{program}} cannot use it. Convert it with PuTTYgen (puttygen "{{path}}" -O private -o "{{path}}.ppk") and choose the .ppk, or use OpenSSH.',
  'client.wrong-service': '{{field}}: {{client}} cannot open a {{service}} session',
  'client.wrong-platform': '{{field}}: {{client}} is not available on {{platform}}',
  'client.not-found': '{{program}} was not found on this computer',
  'client.ssh-only-command': '{{field}}: only an ssh session can run a remote command',
  'client.putty-command': '{{field}}: the PuTTY window takes a remote command only from a file (-m); use plink or OpenSSH',
  'client.lftp-needs-user': '{{field}}: lftp needs a user name to log in with a password',
  'terminal.none': 'No terminal window program was found to run the client in',
  'terminal.unavailable': '{{field}}: {{terminal}} is not available on this computer',
  'terminal.not-found': '{{program}} was not found on this computer',
  'terminal.percent':
    '"{{word}}" contains "%", which {{program}} would expand as an environment variable: remove it (an IPv6 zone id, a folder name) or choose another terminal',
  'terminal.macos-script': 'macOS terminals are driven through a launch script',
  'askpass.noexec':
    "{{dir}} is mounted noexec: ssh could not run Sesame's password helper there and would send an empty password. Set SESAME_HOME to a folder that allows programs, or remount without noexec.",
  'askpass.noexec-dirs':
    "{{dirs}} and {{dir}} are mounted noexec: ssh could not run Sesame's password helper there and would send an empty password. Set SESAME_HOME to a folder that allows programs, or remount without noexec.",
  'askpass.windows': 'This build cannot hand a password to OpenSSH on Windows (no askpass executable); use PuTTY or an SSH agent',
  'kit.no-askpass': 'No askpass provider configured to pass the secret',
  'kit.no-private-dir': 'No private directory configured for launch files',
  'handoff.macos-automation':
    'macOS did not let Sesame control {{program}} (error -1743). Allow it in System Settings › Privacy & Security › Automation › Sesame › {{program}}, then connect again.',
  'handoff.failed': '{{program}} could not open the session (exit {{exit}}).',
  'handoff.failed-detail': '{{program}} could not open the session (exit {{exit}}): {{detail}}.',
} as const;

export type LaunchMessageId = keyof typeof launchMessages;
export type LaunchParams = Readonly<Record<string, string | number>>;

/** The English text of `id` with its placeholders filled (an unknown placeholder stays visible, so a test sees it). */
export function launchText(id: LaunchMessageId, params: LaunchParams): string {
  return launchMessages[id].replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}
