import { lstat } from 'node:fs/promises';
import { basename } from 'node:path';
import { contractError } from '../../contract/errors';
import { hasSecret, type ImportAction, type Profile, type ProfileFieldsInput } from '../../contract/features/profiles';
import { secretKinds } from '../../core/secrets/secret-store';
import { parseKnockdSequence } from '../../core/importers/knockd-conf';
import { newProfileId } from '../../core/profiles/profiles-service';
import type { PurgedItem } from '../../core/profiles/trash-service';
import { toSummary } from '../../core/profiles/search';
import type { ImportFormat } from '../../core/sharing/candidates';
import { writePrivateFile } from '../../core/sharing/private-file';
import { defineCommand, UsageError, type OptionValues, type SpecCommand } from '../command';
import { defaultCliContext, readSecretLine, reportError, type CliContext } from '../context';
import { exitCodes, type CliIo } from '../io';
import type { FieldLabels } from '../local-error';
import { applySpaFlags, describeSpa, spaFlagOptions, spaFlagsHelp } from '../spa-profile-flags';
import { cliText, shellArg, terminalLanguage, type CliText } from '../messages';
import { localDetail } from '../diagnosis';
import { parseTimeoutSeconds } from '../net-args';
import { isYes, readAnswer } from '../prompt';

const usage = `Usage:
  sesame profiles list [QUERY…] [--group G] [--json]
  sesame profiles show PROFILE [--json]
  sesame profiles add --name N [FIELD OPTIONS] [--json]
  sesame profiles edit PROFILE [FIELD OPTIONS] [--json]
  sesame profiles rm PROFILE
  sesame profiles restore [PROFILE] | --list [--json]
  sesame profiles export [ID…] [--group G] [--out FILE | -o FILE [--force]] [--include-credentials] [--include-one-time]
  sesame profiles import FILE [--format sesame|sesame-profiles|knockd|ssh-config|filezilla|fwknoprc]
                         [--apply | --dry-run] [--on-conflict skip|replace|keep-both] [--import-secrets|--no-import-secrets] [--unverified] [--json]

Field options:
  --name N  --group G  --tag T (repeatable)  --notes TEXT  --host H  --family auto|ipv4|ipv6
  --knock 7000,8000:udp,9000  --close SEQ|""
  --delay MS     milliseconds between knocks (0 to 60000; default 100)
  --timeout S    seconds to wait for the port to open (0.1 to 300; default 10)
  --service ssh|sftp|ftp|custom  --port P  --user U
  --auth password|agent|key  --key-file PATH  --ftp-mode auto|passive|active  --client NAME
  --tty yes|no   give a remote command a terminal (ssh -t), as connect --tty does
  --door-timeout S  seconds the server keeps the door open after a knock (knockd
                 cmd_timeout, fwknopd access timeout; 2 to 86400; "" clears it)
  --keep-open yes|no  knock again before that while the session runs

${spaFlagsHelp}

PROFILE is a name or an id. "import" shows what it would change; on a terminal
it then asks "Apply? [y/N]". --apply applies without asking (for scripts),
--dry-run only previews; without a terminal and without either flag it only
previews. Existing profiles are replaced only with --on-conflict replace. Passphrases for
encrypted exports are read from a hidden prompt (asked twice) or the first line
of stdin, never from argv. A
.sesame file with credentials is checked with its passphrase before it is
imported; --unverified imports its profiles without (and without the secrets).
"rm" moves the profile to the trash with its keychain entries; "restore" brings
back the last one deleted (or PROFILE, a name or the id --list shows), with its
saved secrets, for 30 days. After that the next rm or restore empties it from the
trash for good, its keychain entries with it, and says so.
A .fwknoprc import stores each stanza's SPA keys in the keychain unless
--no-import-secrets is given.
"list" marks drafts (no host or no knock steps yet) in a sixth column with the
flags they need. It also shows profiles that need attention (kept unchanged in the file),
with the field to fix; "export --out" writes a new 0600 file, never through a link.
An existing --out FILE is replaced only after "Replace it? [y/N]" on a terminal,
or with --force (in a script it is refused without).
Exit codes: ${exitCodes.ok} ok, ${exitCodes.failure} failure, ${exitCodes.usage} usage, invalid input or no such profile.
`;

/** Sesame's own profiles.json is "sesame-profiles": a restore source, previewed like any import. */
const importFormats = ['sesame', 'sesame-profiles', 'knockd', 'ssh-config', 'filezilla', 'fwknoprc'] as const satisfies readonly ImportFormat[];

const fieldOptions = {
  name: { type: 'string' },
  group: { type: 'string' },
  tag: { type: 'string', multiple: true },
  notes: { type: 'string' },
  host: { type: 'string' },
  family: { type: 'string', value: ['auto', 'ipv4', 'ipv6'] },
  knock: { type: 'string' },
  delay: { type: 'string' },
  timeout: { type: 'string' },
  close: { type: 'string' },
  service: { type: 'string', value: ['ssh', 'sftp', 'ftp', 'custom'] },
  port: { type: 'string' },
  user: { type: 'string' },
  auth: { type: 'string', value: ['password', 'agent', 'key'] },
  'key-file': { type: 'string', value: 'file' },
  'ftp-mode': { type: 'string', value: ['auto', 'passive', 'active'] },
  client: { type: 'string' },
  tty: { type: 'string', value: ['yes', 'no'] },
  'door-timeout': { type: 'string' },
  'keep-open': { type: 'string', value: ['yes', 'no'] },
  ...spaFlagOptions,
} as const;

/**
 * The one table from contract field paths to the flags above, so an invalid
 * profile is reported as "--port: …", not "service.port: …" (the app has its own labels).
 */
export const fieldFlags: FieldLabels = {
  name: '--name',
  group: '--group',
  tags: '--tag',
  notes: '--notes',
  host: '--host',
  addressFamily: '--family',
  openTimeoutMs: '--timeout',
  knock: '--knock',
  'knock.delayMs': '--delay',
  closeSequence: '--close',
  'closeSequence.delayMs': '--delay',
  service: '--service',
  'service.kind': '--service',
  'service.port': '--port',
  'service.user': '--user',
  auth: '--auth',
  'auth.keyFile': '--key-file',
  ftpMode: '--ftp-mode',
  preferredClient: '--client',
  requestTty: '--tty',
  doorTimeoutS: '--door-timeout',
  keepOpen: '--keep-open',
} satisfies Partial<Record<string, `--${keyof typeof fieldOptions}`>>;

const options = {
  ...fieldOptions,
  json: { type: 'boolean' },
  out: { type: 'string', short: 'o', value: 'file' },
  format: { type: 'string', choices: importFormats },
  apply: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  'on-conflict': { type: 'string', choices: ['skip', 'replace', 'keep-both'] },
  'import-secrets': { type: 'boolean' },
  'no-import-secrets': { type: 'boolean' },
  unverified: { type: 'boolean' },
  'include-credentials': { type: 'boolean' },
  'include-one-time': { type: 'boolean' },
  force: { type: 'boolean' },
  list: { type: 'boolean' },
} as const;

type Values = OptionValues<typeof options>;


const defaultPorts = { ssh: 22, sftp: 22, ftp: 21, custom: 22 } as const;

function sequence(text: string, flag: string) {
  try {
    return parseKnockdSequence(text, 0);
  } catch (error) {
    throw new UsageError({ key: 'profiles.badSequence', values: { flag, problem: (error as Error).message.replace(/^line 0: /, '') }, validation: ['problem'] });
  }
}

const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));

/** Flags over a base profile; zod (in the service) reports anything wrong by field name. */
function fieldsFromFlags(v: Values, base?: Profile): ProfileFieldsInput {
  const fields: Record<string, unknown> = base ? stripBookkeeping(base) : {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) fields[key] = value;
  };
  set('name', v.name);
  set('group', v.group);
  set('tags', v.tag);
  set('notes', v.notes);
  set('host', v.host);
  set('addressFamily', v.family);
  set('openTimeoutMs', v.timeout === undefined ? undefined : parseTimeoutSeconds(v.timeout));
  set('ftpMode', v['ftp-mode']);
  set('preferredClient', v.client);
  set('requestTty', v.tty === undefined ? undefined : v.tty === 'yes');
  set('keepOpen', v['keep-open'] === undefined ? undefined : v['keep-open'] === 'yes');
  if (v['door-timeout'] === '') delete fields.doorTimeoutS;
  // Not Number(): "3s" or "1e1" must reach zod's "must be a number of seconds" rather than become a value.
  else if (v['door-timeout'] !== undefined) fields.doorTimeoutS = /^\d+$/.test(v['door-timeout']) ? Number(v['door-timeout']) : v['door-timeout'];
  const knock = (fields.knock as { steps: unknown[]; delayMs?: number } | undefined) ?? undefined;
  if (v.knock !== undefined) fields.knock = { steps: sequence(v.knock, 'knock'), delayMs: num(v.delay) ?? knock?.delayMs ?? 100 };
  else if (v.delay !== undefined && knock) fields.knock = { ...knock, delayMs: num(v.delay) };
  else if (v.delay !== undefined && v.close === undefined) {
    throw new UsageError({ key: 'profiles.delayWithoutSteps', values: { name: String(fields.name ?? v.name ?? ''), delay: v.delay } });
  }
  if (v.close !== undefined) {
    if (v.close === '') delete fields.closeSequence;
    else fields.closeSequence = { steps: sequence(v.close, 'close'), delayMs: num(v.delay) ?? knock?.delayMs ?? 100 };
  }
  if (v.service !== undefined || v.port !== undefined || v.user !== undefined) {
    const current = (fields.service as Record<string, unknown> | undefined) ?? { kind: 'ssh', port: 22 };
    const kind = (v.service ?? current.kind) as keyof typeof defaultPorts;
    const port = num(v.port) ?? (v.service !== undefined && !base ? defaultPorts[kind] : current.port);
    fields.service = { ...current, kind, port, ...(v.user !== undefined ? { user: v.user } : {}) };
    if (v.user === '') delete (fields.service as Record<string, unknown>).user;
  }
  applySpaFlags(fields, v);
  if (v.auth !== undefined || v['key-file'] !== undefined) {
    const method = v.auth ?? (v['key-file'] !== undefined ? 'key' : 'agent');
    fields.auth = method === 'key' ? { method, keyFile: v['key-file'] ?? (fields.auth as { keyFile?: string })?.keyFile } : { method };
  }
  return fields as ProfileFieldsInput;
}

function stripBookkeeping(p: Profile): Record<string, unknown> {
  const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, hasSpaKey: _hk, hasSpaHmacKey: _hh, ftpModeLearned: _fm, ...fields } = p;
  return { ...fields };
}

type Presence = Record<'password' | 'passphrase', 'yes' | 'no' | 'missing' | 'unchecked'>;

const showLabels = ['group', 'tags', 'host', 'door', 'spaKeys', 'knock', 'close', 'oneTime', 'service', 'auth', 'ftpMode', 'notes'] as const;
type ShowLabel = (typeof showLabels)[number];

/** Columns a terminal gives the text: Hangul and other wide characters take two. */
function columns(text: string): number {
  let width = 0;
  for (const ch of text) width += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u.test(ch) ? 2 : 1;
  return width;
}

function describe(p: Profile, t: CliText, presence?: Presence): string {
  const label = (name: ShowLabel) => `${t(`profiles.show.label.${name}`)}:`;
  // The values line up after the longest label, as in English ("one-time:  ").
  const width = Math.max(11, ...showLabels.map((name) => columns(label(name)) + 2));
  const line = (name: ShowLabel, value: string) => `  ${label(name)}${' '.repeat(width - columns(label(name)))}${value}`;
  const flag = (kind: 'password' | 'passphrase') =>
    t(`profiles.show.presence.${presence?.[kind] ?? ((kind === 'password' ? p.hasPassword : p.hasPassphrase) ? 'yes' : 'no')}`);
  const steps = (s: { port: number; protocol: string }[] | undefined) => s?.map((x) => `${x.port}:${x.protocol}`).join(',') ?? t('profiles.show.none');
  const timing = t('profiles.show.timing', { delay: p.knock?.delayMs ?? '-', timeout: p.openTimeoutMs / 1000 });
  return [
    `${p.name}  (${p.id})`,
    line('group', `${p.group || '-'}${p.tags.length ? `   ${label('tags')} ${p.tags.join(', ')}` : ''}`),
    line('host', `${p.host ?? t('profiles.show.draft')}  [${p.addressFamily}]`),
    ...describeSpa(p, t, line),
    line('knock', `${steps(p.knock?.steps)}  ${timing}`),
    line('close', steps(p.closeSequence?.steps)),
    line('oneTime', t('profiles.show.unusedOf', { unused: p.oneTimeSequences.filter((s) => s.usedAt === undefined).length, total: p.oneTimeSequences.length })),
    line('service', `${t('profiles.show.service', { kind: p.service.kind, port: p.service.port })}${p.service.user ? t('profiles.show.serviceUser', { user: p.service.user }) : ''}`),
    line(
      'auth',
      `${p.auth.method}${p.auth.method === 'key' ? ` ${p.auth.keyFile}` : ''}   ${t('profiles.show.password')}: ${flag('password')}   ${t('profiles.show.passphrase')}: ${flag('passphrase')}`,
    ),
    line('ftpMode', `${p.ftpMode}   ${t('profiles.show.client')}: ${p.preferredClient}`),
    p.notes ? line('notes', p.notes.split('\n').join(`\n${' '.repeat(width + 2)}`)) : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * What the app's first-run screen offers, as commands: the importable files
 * found at their usual places (only those present), a .sesame file, a new profile.
 */
async function firstRun(ctx: CliContext, io: CliIo): Promise<string> {
  const t = cliText(io.env);
  const sources = ctx.importSources ? await ctx.importSources() : [];
  const offer = (label: string, command: string) => `  ${label}\n      ${command}\n`;
  return [
    `${t('profiles.empty.title')}\n`,
    ...sources.map((s) => offer(t(`profiles.empty.${s.format}`, { path: s.path }), `sesame profiles import ${shellArg(s.path)}`)),
    offer(t('profiles.empty.sesame'), 'sesame profiles import FILE.sesame'),
    offer(t('profiles.empty.create'), 'sesame profiles add --name NAME --host HOST --knock 7000,8000,9000'),
  ].join('');
}

const profileActions = ['list', 'show', 'add', 'edit', 'rm', 'restore', 'export', 'import'];

/** "SPA key(s) will be stored in the keychain" for an item that offers them. */
function spaKeysNote(kinds: readonly string[], t: ReturnType<typeof cliText>): string {
  const keys = kinds.filter((k) => k === 'spa-key' || k === 'spa-hmac-key').length;
  return keys === 0 ? '' : t(keys === 2 ? 'profiles.import.spaKeys' : 'profiles.import.spaKey');
}

const conflictActions: Record<string, ImportAction> = { skip: 'skip', replace: 'replace', 'keep-both': 'keepBoth' };

const day = (t: number) => new Date(t).toLocaleDateString('sv-SE');

/** Trash entries emptied for good are never dropped silently. */
function reportPurged(io: CliIo, purged: PurgedItem[]): void {
  const t = cliText(io.env);
  for (const p of purged) io.err(`sesame profiles: ${t('profiles.trash.purged', { name: p.name, date: day(p.deletedAt) })}\n`);
}

async function runRestore(ctx: CliContext, io: CliIo, rest: string[], v: Values): Promise<number> {
  const t = cliText(io.env);
  if (rest.length > 1 || (v.list && rest.length > 0)) throw new UsageError({ key: 'profiles.trash.restoreArgs' });
  if (v.list) {
    const { items, unreadable } = await ctx.profiles.listTrash();
    if (v.json) io.out(`${JSON.stringify(items, null, 2)}\n`);
    else if (items.length === 0) io.out(`${t('profiles.trash.empty')}\n`);
    for (const i of v.json ? [] : items) {
      const kept = i.expired ? t('profiles.trash.expired') : t('profiles.trash.keptUntil', { date: day(i.expiresAt) });
      const secrets = i.secrets.length ? t('profiles.trash.withSecrets', { kinds: i.secrets.map((k) => t(`common.${k}`)).join(', ') }) : t('profiles.trash.noSecrets');
      io.out(`${i.name}\t${i.host ?? '-'}\t${t('profiles.trash.deletedOn', { date: day(i.deletedAt) })}\t${kept}\t${secrets}\t${i.id}\n`);
    }
    if (unreadable > 0) io.err(`sesame profiles: ${t('profiles.trash.unreadable', { count: unreadable, file: ctx.profiles.trashFile })}\n`);
    return exitCodes.ok;
  }
  const { profile, secretsRestored, renamedFrom, purged } = await ctx.profiles.restore(rest[0]);
  reportPurged(io, purged);
  const kinds = secretKinds.filter((k) => hasSecret(profile, k)).map((k) => t(`common.${k}`)).join(', ');
  io.out(`${t(kinds ? 'profiles.trash.restoredWith' : 'profiles.trash.restored', { name: profile.name, kinds })}\n`);
  if (renamedFrom !== undefined) io.out(`${t('profiles.trash.renamed', { from: renamedFrom, name: profile.name })}\n`);
  if (!secretsRestored) io.err(`sesame profiles: ${t('profiles.trash.secretsMissing', { name: profile.name })}\n`);
  return exitCodes.ok;
}

/** An existing --out file is replaced only when the user says so: --force, or "y" on a terminal. */
async function mayReplace(io: CliIo, file: string, force: boolean): Promise<boolean> {
  if (force || !(await lstat(file).then(() => true, () => false))) return true;
  const t = cliText(io.env);
  if (!io.stdinIsTTY) throw new UsageError({ key: 'profiles.outExistsScript', values: { file } });
  if (isYes(await readAnswer(io, `${t('profiles.outExists', { file })} [y/N] `))) return true;
  io.err(`${t('profiles.outKept', { file })}\n`);
  return false;
}

/**
 * The passphrase an export is encrypted with. On a terminal it is typed twice
 * (a typo would lock the team out of the file), three tries; from a script,
 * the first line of stdin, and an empty stdin is a usage error saying how to give one.
 */
async function exportPassphrase(io: CliIo): Promise<string> {
  const t = cliText(io.env);
  for (let attempt = 0; attempt < 3; attempt++) {
    const first = await readSecretLine(io, t('profiles.exportPassphrase'));
    if (first.length === 0 && !io.stdinIsTTY) throw new UsageError({ key: 'profiles.noPassphrase' });
    if (first.length < 8) throw contractError('INVALID_INPUT', t('profiles.shortPassphrase'));
    if (!io.stdinIsTTY) return first;
    if ((await readSecretLine(io, t('profiles.exportPassphraseAgain'))) === first) return first;
    io.err(`sesame profiles: ${t('profiles.passphraseMismatch')}\n`);
  }
  throw contractError('INVALID_INPUT', t('profiles.passphraseMismatchGiveUp'));
}

/** Import and export load the sharing code (parsers for five formats, crypto) only when they run. */
const sharingModules = () =>
  Promise.all([import('../../core/sharing/import-files'), import('../../core/sharing/preview'), import('../../core/sharing/sharing-service')]).then(
    ([files, preview, service]) => ({ ...files, ...preview, ...service }),
  );

/** How `import` ends: previewed only (script without a flag, --dry-run, --json), asked on a terminal, or applied (--apply). */
function importMode(io: CliIo, v: Values): 'preview' | 'ask' | 'apply' {
  if (v.apply && v['dry-run']) throw new UsageError({ key: 'profiles.import.applyAndDryRun' });
  if (v.apply) return 'apply';
  return v['dry-run'] || v.json || !io.stdinIsTTY ? 'preview' : 'ask';
}

async function runImport(ctx: CliContext, io: CliIo, file: string, v: Values): Promise<number> {
  const t = cliText(io.env);
  const mode = importMode(io, v);
  const { createIncludeReader, createSequenceFileReader, prepareImport, readCapped, applyImport, previewImport, asContractError, UnknownFormatError } =
    await sharingModules();
  const onConflict = conflictActions[v['on-conflict'] ?? 'skip'];
  if (!onConflict) throw new UsageError({ key: 'usage.mustBe', values: { name: 'on-conflict', choices: Object.keys(conflictActions), value: String(v['on-conflict']) } });
  let prepared;
  try {
    const text = await readCapped(file);
    const base = {
      homedir: ctx.homedir,
      readInclude: createIncludeReader(ctx.homedir),
      readSequenceFile: createSequenceFileReader(file),
      language: terminalLanguage(io.env),
      // In the terminal's language: the warnings name these flags inside main's sentences, translated around them.
      wording: {
        importSecrets: t(
          v['import-secrets']
            ? v.apply
              ? 'profiles.import.wording.importSecretsNow'
              : 'profiles.import.wording.importSecretsApply'
            : v.apply
              ? 'profiles.import.wording.importSecretsAgain'
              : 'profiles.import.wording.importSecretsAdd',
        ),
        // Quoted for a POSIX shell, so the line can be pasted as it is.
        setSecret: (name: string) => t('profiles.import.wording.setSecret', { command: `sesame secret set ${/^[\w.-]+$/.test(name) ? name : `'${name.replace(/'/g, "'\\''")}'`}` }),
      },
      ...(v.format ? { format: v.format } : {}),
    };
    prepared = await prepareImport(basename(file), text, base);
    // The passphrase also checks that nobody changed the file's hosts: asked for unless --unverified
    // (on a terminal before the preview, so what is shown is what "y" applies).
    if (prepared.encryptedSecrets && (v['import-secrets'] || (mode !== 'preview' && !v.unverified))) {
      const passphrase = await readSecretLine(io, t('profiles.import.passphrase'));
      prepared = await prepareImport(basename(file), text, { ...base, passphrase });
    }
  } catch (error) {
    // The core lists the formats; only here is there a flag to name one with.
    if (error instanceof UnknownFormatError) throw contractError('INVALID_INPUT', `${error.message} If it is one of them, say which with --format ${importFormats.join('|')}.`);
    throw asContractError(error);
  }
  const doc = await ctx.profiles.store.read();
  const items = previewImport(doc, prepared);
  const decisions = Object.fromEntries(items.map((i) => [i.key, i.status === 'new' ? 'import' : i.allowed.includes(onConflict) ? onConflict : 'skip'])) as Record<string, ImportAction>;
  if (mode !== 'apply') {
    if (v.json) {
      io.out(`${JSON.stringify({ format: prepared.format, items, warnings: prepared.warnings }, null, 2)}\n`);
      return exitCodes.ok;
    }
    for (const i of items) {
      const matches = i.existingName && i.existingName !== i.name ? t('profiles.import.matches', { name: i.existingName }) : '';
      const notes = [i.draft ? t('profiles.import.draft') : '', i.secretDestinationChanges ? t('profiles.import.destinationChanges') : '', spaKeysNote(i.offersSecrets, t)].filter(Boolean).map((n) => `  [${n}]`);
      io.out(`${t(`profiles.import.status.${i.status}`).padEnd(9)} ${i.name}${matches}${notes.join('')} → ${t(`profiles.import.action.${decisions[i.key]!}`)}\n`);
      for (const c of i.changes) io.out(`            ${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}\n`);
      // What the file gives, so a door's sequence and port can be checked before applying.
      const gives = [
        i.knock !== undefined ? t('profiles.import.gives.knock', { steps: i.knock }) : '',
        i.closeSequence !== undefined ? t('profiles.import.gives.close', { steps: i.closeSequence }) : '',
        i.oneTimeSequences !== undefined ? t('profiles.import.gives.oneTime', { count: i.oneTimeSequences }) : '',
        i.service ? t('profiles.import.gives.service', { kind: i.service.kind, port: i.service.port }) : '',
      ].filter(Boolean);
      if (gives.length > 0) io.out(`            ${gives.join('  ')}\n`);
      for (const note of i.notes ?? []) io.out(`            ${t('profiles.import.gives.note', { note })}\n`);
    }
    for (const w of prepared.warnings) io.err(`${t('common.warning')}: ${await localDetail(w, terminalLanguage(io.env))}\n`);
    if (mode === 'preview') {
      io.out(`${t(v['dry-run'] ? 'profiles.import.dryRun' : 'profiles.import.howToApply', { command: `sesame profiles import ${shellArg(file)} --apply` })}\n`);
      return exitCodes.ok;
    }
    if (!isYes(await readAnswer(io, `${t('profiles.import.ask')} [y/N] `))) {
      io.out(`${t('profiles.import.declined')}\n`);
      return exitCodes.ok;
    }
  }
  const result = await applyImport(
    { store: ctx.profiles.store, secrets: ctx.secrets, now: ctx.now, newId: newProfileId },
    prepared,
    decisions,
    // A .fwknoprc is the user's own file and its keys are what make the profiles work: stored unless --no-import-secrets.
    v['no-import-secrets'] ? false : (v['import-secrets'] ?? prepared.format === 'fwknoprc'),
    v.unverified ?? false,
  );
  // After a preview its warnings were shown already.
  for (const w of [...(mode === 'apply' ? prepared.warnings : []), ...result.warnings]) io.err(`${t('common.warning')}: ${await localDetail(w, terminalLanguage(io.env))}\n`);
  if (v.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const counts = { created: result.created.length, replaced: result.replaced.length, skipped: result.skipped, secrets: result.secretsStored };
    io.out(`${t('profiles.import.applied', counts)}\n`);
  }
  return exitCodes.ok;
}

export const profilesSpec = {
  name: 'profiles',
  help: usage,
  options,
  positionals: {
    actions: {
      list: {},
      show: { args: ['profile'] },
      add: {},
      edit: { args: ['profile'] },
      rm: { args: ['profile'] },
      restore: { args: ['none'] },
      export: { rest: 'profile' },
      import: { args: ['file'] },
    },
  },
} as const;

export function createProfilesCommand(context: (io: CliIo) => CliContext): SpecCommand<typeof options> {
  return defineCommand(profilesSpec, (parsed, io) => runAction(parsed.values, parsed.positionals, io, () => context(io)));
}

/** Runs `sesame profiles` over the given context (tests: a temp folder and the in-memory keychain). */
export function runProfiles(argv: string[], io: CliIo, context: () => CliContext): Promise<number> {
  return createProfilesCommand(context).run(argv, io);
}

async function runAction(v: Values, positionals: string[], io: CliIo, context: () => CliContext): Promise<number> {
  const [action, ...rest] = positionals;
  if (action === undefined) throw new UsageError({ key: 'profiles.noAction', values: { actions: profileActions } });
  const one = () => {
    if (rest.length !== 1 || !rest[0]) throw new UsageError({ key: 'profiles.onePROFILE', values: { action } });
    return rest[0];
  };
  const t = cliText(io.env);
  const print = (p: Profile) => io.out(v.json ? `${JSON.stringify(p, null, 2)}\n` : `${describe(p, cliText(io.env))}\n`);
  try {
    const ctx = context();
    switch (action) {
      case 'list': {
        const { profiles, attention, damaged } = await ctx.profiles.list({ ...(rest.length ? { query: rest.join(' ') } : {}), ...(v.group !== undefined ? { group: v.group } : {}) });
        if (damaged !== undefined) {
          io.err(`sesame profiles: ${t('profiles.damaged', { file: ctx.profiles.store.filePath, problem: damaged })}\n`);
          return exitCodes.failure;
        }
        // Kept unchanged in the file; shown with the field and the fix (on stderr with --json, so stdout stays the list).
        const attentionLines = attention.map(
          (a) =>
            `${a.name ?? `#${a.index + 1}`}\t${t('profiles.needsAttention')}\t${a.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}\t(${t('profiles.line', { line: a.line })})${a.id ? `\t${a.id}` : ''}\n`,
        );
        if (v.json) {
          io.out(`${JSON.stringify(profiles.map(toSummary), null, 2)}\n`);
          for (const line of attentionLines) io.err(`${t('common.warning')}: ${line}`);
        } else if (profiles.length === 0 && attention.length === 0) {
          io.out(rest.length === 0 && v.group === undefined ? await firstRun(ctx, io) : `${t('profiles.noMatch')}\n`);
        } else {
          // A draft gets a sixth column naming what it lacks; the first five stay what scripts cut.
          for (const p of profiles) {
            const missing = [p.host === undefined ? '--host' : '', p.knock === undefined ? '--knock' : ''].filter(Boolean);
            const draft = missing.length ? `\t[${t('profiles.draft', { flags: missing.join(', ') })}]` : '';
            io.out(`${p.name}\t${p.host ?? '-'}\t${p.service.kind}:${p.service.port}\t${p.group}\t${p.id}${draft}\n`);
          }
          for (const line of attentionLines) io.out(line);
        }
        return exitCodes.ok;
      }
      case 'show': {
        // "password: yes" is what the keychain says, not only the flag in the file (another program may have removed it).
        const profile = await ctx.profiles.resolve(one());
        const presence = await ctx.profiles.secretPresence(profile);
        if (v.json) {
          const checked = { ...profile, hasPassword: profile.hasPassword && presence.password !== 'missing', hasPassphrase: profile.hasPassphrase && presence.passphrase !== 'missing' };
          io.out(`${JSON.stringify(checked, null, 2)}\n`);
        } else io.out(`${describe(profile, cliText(io.env), presence)}\n`);
        return exitCodes.ok;
      }
      case 'add':
        if (rest.length > 0) throw new UsageError({ key: 'profiles.addOptionsOnly' });
        print(await ctx.profiles.create(fieldsFromFlags(v)));
        return exitCodes.ok;
      case 'edit': {
        const current = await ctx.profiles.resolve(one());
        print(await ctx.profiles.update(current.id, fieldsFromFlags(v, current), current.updatedAt));
        return exitCodes.ok;
      }
      case 'rm': {
        const current = await ctx.profiles.resolve(one());
        const { purged } = await ctx.profiles.remove(current.id);
        reportPurged(io, purged);
        io.out(`${t('profiles.trash.moved', { name: current.name, command: `sesame profiles restore ${shellArg(current.name)}` })}\n`);
        return exitCodes.ok;
      }
      case 'restore':
        return await runRestore(ctx, io, rest, v);
      case 'export': {
        const { createSharingService } = await sharingModules();
        const sharing = createSharingService({ profiles: ctx.profiles, secrets: ctx.secrets, now: ctx.now, homedir: ctx.homedir });
        const includeCredentials = v['include-credentials'] ?? false;
        if (v.out && !(await mayReplace(io, v.out, v.force ?? false))) return exitCodes.ok;
        const passphrase = includeCredentials ? await exportPassphrase(io) : undefined;
        const out = await sharing.exportText({
          includeCredentials,
          includeOneTimeSequences: v['include-one-time'] ?? false,
          ...(rest.length ? { ids: await Promise.all(rest.map(async (r) => (await ctx.profiles.resolve(r)).id)) } : {}),
          ...(v.group !== undefined ? { group: v.group } : {}),
          ...(passphrase !== undefined ? { passphrase } : {}),
        });
        for (const w of out.warnings) io.err(`${t('common.warning')}: ${await localDetail(w, terminalLanguage(io.env))}\n`);
        if (v.out) {
          // A new 0600 file renamed into place: never written in place, never through a symlink.
          await writePrivateFile(v.out, out.text);
          io.err(`${t('profiles.exported', { count: out.exported, file: v.out })}\n`);
        } else io.out(out.text);
        return exitCodes.ok;
      }
      case 'import':
        return await runImport(ctx, io, one(), v);
      default:
        throw new UsageError({ key: 'profiles.unknownAction', values: { action, actions: profileActions } });
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return reportError(io, 'profiles', error, fieldFlags);
  }
}

export const command = createProfilesCommand((io) => defaultCliContext(io));
