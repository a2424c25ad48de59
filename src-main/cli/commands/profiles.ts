import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { contractError } from '../../contract/errors';
import type { ImportAction, Profile, ProfileFieldsInput } from '../../contract/features/profiles';
import { parseKnockdSequence } from '../../core/importers/knockd-conf';
import { newProfileId } from '../../core/profiles/profiles-service';
import { toSummary } from '../../core/profiles/search';
import type { ImportFormat } from '../../core/sharing/candidates';
import { createIncludeReader, prepareImport, readCapped } from '../../core/sharing/import-files';
import { applyImport, previewImport } from '../../core/sharing/preview';
import { asContractError, createSharingService } from '../../core/sharing/sharing-service';
import { exitCodes, type CliCommand, type CliIo } from '../io';
import { defaultCliContext, readSecretLine, reportError, type CliContext } from './secret';

const usage = `Usage:
  sesame profiles list [QUERY…] [--group G] [--json]
  sesame profiles show PROFILE [--json]
  sesame profiles add --name N [FIELD OPTIONS] [--json]
  sesame profiles edit PROFILE [FIELD OPTIONS] [--json]
  sesame profiles rm PROFILE
  sesame profiles export [ID…] [--group G] [--out FILE] [--include-credentials] [--include-one-time]
  sesame profiles import FILE [--format sesame|knockd|ssh-config|filezilla|fwknoprc]
                         [--apply] [--on-conflict skip|replace|keep-both] [--import-secrets] [--json]

Field options:
  --name N  --group G  --tag T (repeatable)  --notes TEXT  --host H  --family auto|ipv4|ipv6
  --knock 7000,8000:udp,9000  --delay MS  --timeout MS  --close SEQ|""
  --service ssh|sftp|ftp|custom  --port P  --user U
  --auth password|agent|key  --key-file PATH  --ftp-mode auto|passive|active  --client NAME

PROFILE is a name or an id. "import" only previews unless --apply is given;
existing profiles are replaced only with --on-conflict replace. Passphrases for
encrypted exports are read from a hidden prompt or stdin, never from argv.
Exit codes: 0 ok, 1 failure, 2 usage or invalid input.
`;

const fieldOptions = {
  name: { type: 'string' },
  group: { type: 'string' },
  tag: { type: 'string', multiple: true },
  notes: { type: 'string' },
  host: { type: 'string' },
  family: { type: 'string' },
  knock: { type: 'string' },
  delay: { type: 'string' },
  timeout: { type: 'string' },
  close: { type: 'string' },
  service: { type: 'string' },
  port: { type: 'string' },
  user: { type: 'string' },
  auth: { type: 'string' },
  'key-file': { type: 'string' },
  'ftp-mode': { type: 'string' },
  client: { type: 'string' },
} as const;

const options = {
  ...fieldOptions,
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  out: { type: 'string', short: 'o' },
  format: { type: 'string' },
  apply: { type: 'boolean' },
  'on-conflict': { type: 'string' },
  'import-secrets': { type: 'boolean' },
  'include-credentials': { type: 'boolean' },
  'include-one-time': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

const defaultPorts = { ssh: 22, sftp: 22, ftp: 21, custom: 22 } as const;

function sequence(text: string, flag: string) {
  try {
    return parseKnockdSequence(text, 0);
  } catch (error) {
    throw contractError('INVALID_INPUT', `Invalid --${flag}: ${(error as Error).message.replace(/^line 0: /, '')}`);
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
  set('openTimeoutMs', num(v.timeout));
  set('ftpMode', v['ftp-mode']);
  set('preferredClient', v.client);
  const knock = (fields.knock as { steps: unknown[]; delayMs?: number } | undefined) ?? undefined;
  if (v.knock !== undefined) fields.knock = { steps: sequence(v.knock, 'knock'), delayMs: num(v.delay) ?? knock?.delayMs ?? 100 };
  else if (v.delay !== undefined && knock) fields.knock = { ...knock, delayMs: num(v.delay) };
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
  if (v.auth !== undefined || v['key-file'] !== undefined) {
    const method = v.auth ?? (v['key-file'] !== undefined ? 'key' : 'agent');
    fields.auth = method === 'key' ? { method, keyFile: v['key-file'] ?? (fields.auth as { keyFile?: string })?.keyFile } : { method };
  }
  return fields as ProfileFieldsInput;
}

function stripBookkeeping(p: Profile): Record<string, unknown> {
  const { id: _i, createdAt: _c, updatedAt: _u, hasPassword: _h, hasPassphrase: _hp, ftpModeLearned: _fm, ...fields } = p;
  return { ...fields };
}

function describe(p: Profile): string {
  const steps = (s: { port: number; protocol: string }[] | undefined) => s?.map((x) => `${x.port}:${x.protocol}`).join(',') ?? '(none)';
  return [
    `${p.name}  (${p.id})`,
    `  group:     ${p.group || '-'}${p.tags.length ? `   tags: ${p.tags.join(', ')}` : ''}`,
    `  host:      ${p.host ?? '(none — draft)'}  [${p.addressFamily}]`,
    `  knock:     ${steps(p.knock?.steps)}  delay ${p.knock?.delayMs ?? '-'} ms, open timeout ${p.openTimeoutMs} ms`,
    `  close:     ${steps(p.closeSequence?.steps)}`,
    `  one-time:  ${p.oneTimeSequences.filter((s) => s.usedAt === undefined).length} unused of ${p.oneTimeSequences.length}`,
    `  service:   ${p.service.kind} port ${p.service.port}${p.service.user ? ` user ${p.service.user}` : ''}`,
    `  auth:      ${p.auth.method}${p.auth.method === 'key' ? ` ${p.auth.keyFile}` : ''}   password: ${p.hasPassword ? 'yes' : 'no'}   passphrase: ${p.hasPassphrase ? 'yes' : 'no'}`,
    `  ftp mode:  ${p.ftpMode}   client: ${p.preferredClient}`,
    p.notes ? `  notes:     ${p.notes.split('\n').join('\n             ')}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

const conflictActions: Record<string, ImportAction> = { skip: 'skip', replace: 'replace', 'keep-both': 'keepBoth' };

async function runImport(ctx: CliContext, io: CliIo, file: string, v: Values): Promise<number> {
  const onConflict = conflictActions[v['on-conflict'] ?? 'skip'];
  if (!onConflict) throw contractError('INVALID_INPUT', 'Invalid --on-conflict: must be "skip", "replace" or "keep-both"');
  let prepared;
  try {
    const text = await readCapped(file);
    const base = { homedir: ctx.homedir, readInclude: createIncludeReader(ctx.homedir), ...(v.format ? { format: v.format as ImportFormat } : {}) };
    prepared = await prepareImport(basename(file), text, base);
    if (prepared.encryptedSecrets && v['import-secrets']) {
      const passphrase = await readSecretLine(io, 'Passphrase for the credentials in this file: ');
      prepared = await prepareImport(basename(file), text, { ...base, passphrase });
    }
  } catch (error) {
    throw asContractError(error);
  }
  const doc = await ctx.profiles.store.read();
  const items = previewImport(doc, prepared);
  const decisions = Object.fromEntries(items.map((i) => [i.key, i.status === 'new' ? 'import' : i.allowed.includes(onConflict) ? onConflict : 'skip'])) as Record<string, ImportAction>;
  if (!v.apply) {
    if (v.json) io.out(`${JSON.stringify({ format: prepared.format, items, warnings: prepared.warnings }, null, 2)}\n`);
    else {
      for (const i of items) {
        io.out(`${i.status.padEnd(9)} ${i.name}${i.existingName && i.existingName !== i.name ? ` (matches "${i.existingName}")` : ''}${i.draft ? '  [draft]' : ''} → ${decisions[i.key]}\n`);
        for (const c of i.changes) io.out(`            ${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}\n`);
      }
      for (const w of prepared.warnings) io.err(`warning: ${w}\n`);
      io.out('Nothing was changed. Run again with --apply to import.\n');
    }
    return exitCodes.ok;
  }
  const result = await applyImport(
    { store: ctx.profiles.store, secrets: ctx.secrets, now: ctx.now, newId: newProfileId },
    prepared,
    decisions,
    v['import-secrets'] ?? false,
  );
  for (const w of [...prepared.warnings, ...result.warnings]) io.err(`warning: ${w}\n`);
  if (v.json) io.out(`${JSON.stringify(result, null, 2)}\n`);
  else io.out(`Imported ${result.created.length}, replaced ${result.replaced.length}, skipped ${result.skipped}; ${result.secretsStored} secret(s) stored in the keychain.\n`);
  return exitCodes.ok;
}

export async function runProfiles(argv: string[], io: CliIo, context: () => CliContext): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    io.err(`sesame profiles: ${(error as Error).message}\n\n${usage}`);
    return exitCodes.usage;
  }
  const { values: v, positionals } = parsed;
  const [action, ...rest] = positionals;
  if (v.help || action === undefined) {
    (v.help ? io.out : io.err)(usage);
    return v.help ? exitCodes.ok : exitCodes.usage;
  }
  const one = () => {
    if (rest.length !== 1 || !rest[0]) throw contractError('INVALID_INPUT', `"profiles ${action}" takes exactly one PROFILE (a name or an id)`);
    return rest[0];
  };
  const print = (p: Profile) => io.out(v.json ? `${JSON.stringify(p, null, 2)}\n` : `${describe(p)}\n`);
  try {
    const ctx = context();
    switch (action) {
      case 'list': {
        const { profiles } = await ctx.profiles.list({ ...(rest.length ? { query: rest.join(' ') } : {}), ...(v.group !== undefined ? { group: v.group } : {}) });
        if (v.json) io.out(`${JSON.stringify(profiles.map(toSummary), null, 2)}\n`);
        else if (profiles.length === 0) io.out('No profiles. Add one with "sesame profiles add --name NAME --host HOST --knock 7000,8000,9000".\n');
        else for (const p of profiles) io.out(`${p.name}\t${p.host ?? '(draft)'}\t${p.service.kind}:${p.service.port}\t${p.group}\t${p.id}\n`);
        return exitCodes.ok;
      }
      case 'show':
        print(await ctx.profiles.resolve(one()));
        return exitCodes.ok;
      case 'add':
        if (rest.length > 0) throw contractError('INVALID_INPUT', '"profiles add" takes options only, e.g. --name N --host H');
        print(await ctx.profiles.create(fieldsFromFlags(v)));
        return exitCodes.ok;
      case 'edit': {
        const current = await ctx.profiles.resolve(one());
        print(await ctx.profiles.update(current.id, fieldsFromFlags(v, current), current.updatedAt));
        return exitCodes.ok;
      }
      case 'rm': {
        const current = await ctx.profiles.resolve(one());
        await ctx.profiles.remove(current.id);
        io.out(`Deleted "${current.name}" and its keychain entries.\n`);
        return exitCodes.ok;
      }
      case 'export': {
        const sharing = createSharingService({ profiles: ctx.profiles, secrets: ctx.secrets, now: ctx.now, homedir: ctx.homedir });
        const includeCredentials = v['include-credentials'] ?? false;
        const passphrase = includeCredentials ? await readSecretLine(io, 'Passphrase to encrypt the credentials with: ') : undefined;
        if (passphrase !== undefined && passphrase.length < 8) throw contractError('INVALID_INPUT', 'Invalid passphrase: is shorter than 8 characters');
        const out = await sharing.exportText({
          includeCredentials,
          includeOneTimeSequences: v['include-one-time'] ?? false,
          ...(rest.length ? { ids: await Promise.all(rest.map(async (r) => (await ctx.profiles.resolve(r)).id)) } : {}),
          ...(v.group !== undefined ? { group: v.group } : {}),
          ...(passphrase !== undefined ? { passphrase } : {}),
        });
        for (const w of out.warnings) io.err(`warning: ${w}\n`);
        if (v.out) {
          await writeFile(v.out, out.text, { mode: 0o600 });
          io.err(`Exported ${out.exported} profile(s) to ${v.out}.\n`);
        } else io.out(out.text);
        return exitCodes.ok;
      }
      case 'import':
        return await runImport(ctx, io, one(), v);
      default:
        io.err(`sesame profiles: unknown action "${action}".\n\n${usage}`);
        return exitCodes.usage;
    }
  } catch (error) {
    return reportError(io, 'profiles', error);
  }
}

export const profilesCommand: CliCommand = {
  name: 'profiles',
  summary: 'List, show, add, edit, remove, export and import profiles',
  run: (argv, io) => runProfiles(argv, io, () => defaultCliContext(io)),
};
