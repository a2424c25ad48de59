import { isDeepStrictEqual } from 'node:util';
import { contractError } from '../../contract/errors';
import {
  hasSecret,
  missingForConnect,
  secretFlags,
  profileFieldsShape,
  profileNameSchema,
  profileSchema,
  type FieldChange,
  type ImportAction,
  type ImportPreviewItem,
  type ImportResult,
  type Profile,
  type SecretKind,
} from '../../contract/features/profiles';
import { takenIds, type ProfileDocument } from '../profiles/document';
import { trustValidated, type ProfileStore } from '../profiles/profile-store';
import { nameKey, uniqueName } from '../profiles/search';
import { destinationOf, encodeBound, sameDestination } from '../secrets/bound-secret';
import { secretAccount, secretKinds, type SecretStore } from '../secrets/secret-store';
import { knockdSequence } from '../server-kit/knockd-door';
import type { ImportCandidate, PreparedImport } from './candidates';

const editableFields = Object.keys(profileFieldsShape) as (keyof typeof profileFieldsShape)[];

interface Match {
  status: ImportPreviewItem['status'];
  existing?: Profile;
  changes: FieldChange[];
}

function diff(candidate: ImportCandidate, existing: Profile): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const field of editableFields) {
    if ((candidate.omits as string[]).includes(field)) continue;
    const before = existing[field];
    const after = candidate.fields[field];
    if (!isDeepStrictEqual(before, after)) changes.push({ field, before, after });
  }
  return changes;
}

function match(doc: ProfileDocument, candidate: ImportCandidate, byId: Map<string, Profile>, byName: Map<string, Profile>): Match {
  const sameId = candidate.sourceId !== undefined ? byId.get(candidate.sourceId) : undefined;
  if (sameId) {
    const changes = diff(candidate, sameId);
    return { status: changes.length === 0 ? 'identical' : 'changed', existing: sameId, changes };
  }
  const sameName = byName.get(nameKey(candidate.fields.name));
  if (sameName) {
    const changes = diff(candidate, sameName);
    return { status: changes.length === 0 ? 'identical' : 'conflict', existing: sameName, changes };
  }
  void doc;
  return { status: 'new', changes: [] };
}

function indexes(doc: ProfileDocument) {
  return {
    byId: new Map(doc.profiles.map((p) => [p.id, p])),
    byName: new Map(doc.profiles.map((p) => [nameKey(p.name), p])),
  };
}

/** Replacing `existing` with the candidate would send its saved secrets to another host, port or user. */
function movesSecrets(candidate: ImportCandidate, existing: Profile | undefined): boolean {
  if (!existing || !secretKinds.some((kind) => hasSecret(existing, kind))) return false;
  const after = {
    host: candidate.omits.includes('host') ? existing.host : candidate.fields.host,
    service: candidate.omits.includes('service') ? existing.service : candidate.fields.service,
  };
  const before = destinationOf(existing);
  const next = destinationOf(after);
  return before !== undefined && !sameDestination(before, next);
}

const allowedByStatus: Record<ImportPreviewItem['status'], ImportAction[]> = {
  new: ['import', 'skip'],
  identical: ['skip', 'keepBoth'],
  changed: ['skip', 'replace', 'keepBoth'],
  conflict: ['skip', 'replace', 'keepBoth'],
};

/** What an import would do, item by item, against the store as it is now. Changes nothing. */
export function previewImport(doc: ProfileDocument, prepared: PreparedImport): ImportPreviewItem[] {
  const { byId, byName } = indexes(doc);
  return prepared.candidates.map((candidate) => {
    const m = match(doc, candidate, byId, byName);
    const item: ImportPreviewItem = {
      key: candidate.key,
      name: candidate.fields.name,
      status: m.status,
      changes: m.changes,
      offersSecrets: Object.keys(candidate.secrets) as SecretKind[],
      // The saved password stays behind until the user confirms the new destination at the next connect.
      secretDestinationChanges: movesSecrets(candidate, m.existing),
      draft: missingForConnect(candidate.fields).length > 0,
      allowed: allowedByStatus[m.status],
      // Nothing is overwritten unless the user picks "replace" for that item.
      defaultAction: m.status === 'new' ? 'import' : 'skip',
    };
    if (m.existing) {
      item.existingId = m.existing.id;
      item.existingName = m.existing.name;
    }
    const { knock, closeSequence, oneTimeSequences, service } = candidate.fields;
    // What the file gives, so a door's sequence and port can be checked before anything is saved.
    if (knock && !candidate.omits.includes('knock')) item.knock = knockdSequence(knock.steps);
    if (closeSequence && !candidate.omits.includes('closeSequence')) item.closeSequence = knockdSequence(closeSequence.steps);
    const unused = oneTimeSequences.filter((s) => s.usedAt === undefined).length;
    if (unused > 0) item.oneTimeSequences = unused;
    if (!candidate.omits.includes('service')) item.service = { kind: service.kind, port: service.port };
    if (candidate.notes && candidate.notes.length > 0) item.notes = [...candidate.notes];
    return item;
  });
}

export interface ApplyImportDeps {
  store: ProfileStore;
  secrets: SecretStore;
  now: () => number;
  newId: () => string;
}

/**
 * Applies the user's decisions in one store update (one atomic file write).
 * Matching is redone under the lock, so a profile created since the preview is
 * never overwritten by an "import": it is kept beside it under a new name.
 * Secrets go to the keychain afterwards; a keychain failure leaves the
 * imported profile without its password and says so.
 */
export async function applyImport(
  deps: ApplyImportDeps,
  prepared: PreparedImport,
  decisions: Readonly<Record<string, ImportAction>>,
  importSecrets: boolean,
  acceptUnverified = false,
): Promise<ImportResult> {
  if (prepared.authenticity === 'unverified' && !acceptUnverified) {
    throw contractError(
      'INVALID_INPUT',
      'This file carries encrypted credentials, and without its passphrase Sesame cannot check that its hosts were not changed after it was made. ' +
        'Enter the passphrase, or explicitly accept importing it unverified.',
      { issues: [{ path: 'passphrase', message: 'is needed to check this file' }] },
    );
  }
  const warnings: string[] = [];
  const toStore: { profile: Profile; secrets: Partial<Record<SecretKind, string>> }[] = [];
  const { value } = await deps.store.update((doc) => {
    const { byId, byName } = indexes(doc);
    // Ids of entries that need attention stay theirs: a file's id is reused only when nobody holds it.
    const ids = takenIds(doc);
    const taken = new Set(doc.profiles.map((p) => nameKey(p.name)));
    const created: string[] = [];
    const replaced: string[] = [];
    let skipped = 0;
    const t = deps.now();
    for (const candidate of prepared.candidates) {
      const m = match(doc, candidate, byId, byName);
      const requested = decisions[candidate.key] ?? (m.status === 'new' ? 'import' : 'skip');
      const action = allowedByStatus[m.status].includes(requested) ? requested : m.status === 'new' ? 'keepBoth' : 'skip';
      if (action === 'skip' || (action === 'import' && m.status !== 'new')) {
        skipped++;
        continue;
      }
      if (action === 'replace' && m.existing) {
        const existing = m.existing;
        const fields = { ...candidate.fields };
        for (const field of candidate.omits) (fields as Record<string, unknown>)[field] = existing[field];
        taken.delete(nameKey(existing.name));
        fields.name = uniqueName(fields.name, taken);
        const next = profileSchema.parse({
          ...fields,
          id: existing.id,
          hasPassword: existing.hasPassword,
          hasPassphrase: existing.hasPassphrase,
          ...(existing.hasSpaKey ? { hasSpaKey: true } : {}),
          ...(existing.hasSpaHmacKey ? { hasSpaHmacKey: true } : {}),
          createdAt: existing.createdAt,
          updatedAt: Math.max(t, existing.updatedAt),
        });
        taken.add(nameKey(next.name));
        doc.profiles[doc.profiles.findIndex((p) => p.id === existing.id)] = next;
        replaced.push(next.id);
        if (importSecrets && Object.keys(candidate.secrets).length > 0) toStore.push({ profile: next, secrets: candidate.secrets });
        continue;
      }
      // "import" of a new one, or "keepBoth": a new profile; ids from the file are reused only when free.
      let id = candidate.sourceId !== undefined && !ids.has(candidate.sourceId) ? candidate.sourceId : deps.newId();
      while (ids.has(id)) id = deps.newId();
      ids.add(id);
      const name = uniqueName(candidate.fields.name, taken);
      if (name !== candidate.fields.name) warnings.push(`"${candidate.fields.name}" was imported as "${name}" (the name is taken).`);
      taken.add(nameKey(name));
      // The candidate's fields were validated when the file was read; of what is set here only
      // the name can change (uniqueName appends " (2)"), so only a changed name is checked again.
      const profile: Profile = trustValidated({
        ...candidate.fields,
        name: name === candidate.fields.name ? name : profileNameSchema.parse(name),
        id,
        hasPassword: false,
        hasPassphrase: false,
        createdAt: t,
        updatedAt: t,
      });
      doc.profiles.push(profile);
      byId.set(id, profile);
      created.push(id);
      if (importSecrets && Object.keys(candidate.secrets).length > 0) toStore.push({ profile, secrets: candidate.secrets });
    }
    return { created, replaced, skipped };
  });
  let secretsStored = 0;
  const flags = new Map<string, Set<SecretKind>>();
  for (const { profile, secrets } of toStore) {
    const { id } = profile;
    // Bound to the destination the file gives the profile: the file's author saved them for it.
    const to = destinationOf(profile);
    for (const [kind, secret] of Object.entries(secrets) as [SecretKind, string][]) {
      try {
        await deps.secrets.set(secretAccount(id, kind), to ? encodeBound(secret, to) : secret);
        secretsStored++;
        flags.set(id, (flags.get(id) ?? new Set()).add(kind));
      } catch (error) {
        warnings.push(`The ${kind} for an imported profile could not be stored in the keychain: ${(error as Error).message ?? error}`);
      }
    }
  }
  if (flags.size > 0) {
    await deps.store.update((doc) => {
      doc.profiles.forEach((p, i) => {
        const kinds = flags.get(p.id);
        if (!kinds) return;
        doc.profiles[i] = { ...p, ...Object.fromEntries([...kinds].map((kind) => [secretFlags[kind], true])) };
      });
    });
  }
  return { ...value, secretsStored, warnings };
}
