import { readFileSync } from 'node:fs';
import type { KnockStep } from '../../contract/schemas/common';
import { hostAlias } from '../ssh-config-writer/host-blocks';
import { doorProfileOf, type DoorProfile } from './door-profile';

/** What ssh asked for (`%h %p`), or a profile named on the command line. */
export type ProxyQuery = { host: string; port: number; profile?: undefined } | { profile: string; host?: string; port?: number };

/** The profile found, and the port to relay to. */
export interface ProxyMatch {
  door: DoorProfile;
  port: number;
}

export type FindResult =
  | { status: 'found'; match: ProxyMatch }
  | { status: 'not-found'; query: ProxyQuery; otherPorts: number[] }
  | { status: 'ambiguous'; names: string[] }
  /** The profile exists but its door is incomplete or invalid: `reason` says what the full store found. */
  | { status: 'unusable'; name: string; reason: string };

/** A profile as the matcher sees it: enough to choose, then the door when it was valid. */
export interface Candidate {
  id: string;
  name: string;
  group: string;
  host?: string;
  port: number;
  door?: DoorProfile;
}

const lower = (text: string): string => text.trim().toLowerCase();
const bare = (host: string): string => lower(host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host);

function sameDoor(a: DoorProfile, b: DoorProfile): boolean {
  const key = (steps: KnockStep[] | undefined) => JSON.stringify(steps ?? []);
  return a.host === b.host && a.family === b.family && key(a.steps) === key(b.steps) && a.delayMs === b.delayMs && key(a.closeSteps) === key(b.closeSteps) && !a.oneTime && !b.oneTime;
}

// The order `sesame ssh-config` and `profiles list` use (core/profiles/search.ts compareProfiles).
const order = (a: Candidate, b: Candidate): number => a.group.localeCompare(b.group) || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * Which profile a ProxyCommand means. `%h` is the HostName ssh resolved from
 * its config (the profile's host, in the blocks `sesame ssh-config` writes),
 * so a host+port match comes first; then a profile name or its ssh alias
 * (`ssh web` with a hand-written block that has no HostName). A name match
 * relays to the profile's own port when ssh says 22 (its default, i.e. no Port
 * was given), and to the port ssh says otherwise.
 *
 * Several profiles on one host and port: fine when their doors are the same
 * (they differ by user, say); otherwise the user must say which, because
 * knocking the wrong sequence is not a harmless guess (knockd may count it).
 */
export function matchProfile(candidates: readonly Candidate[], query: ProxyQuery): { candidate: Candidate; port: number } | Exclude<FindResult, { status: 'found' | 'unusable' }> {
  const sorted = [...candidates].sort(order);
  if (query.profile !== undefined) {
    const ref = query.profile;
    const hit = sorted.find((c) => c.id === ref) ?? sorted.find((c) => lower(c.name) === lower(ref)) ?? sshAliases(sorted).get(lower(ref));
    if (!hit) return { status: 'not-found', query, otherPorts: [] };
    return { candidate: hit, port: query.port ?? hit.port };
  }
  const host = bare(query.host);
  const onHost = sorted.filter((c) => c.host !== undefined && bare(c.host) === host);
  const exact = onHost.filter((c) => c.port === query.port);
  if (exact.length > 0) {
    const [first, ...rest] = exact as [Candidate, ...Candidate[]];
    if (rest.some((c) => !c.door || !first.door || !sameDoor(first.door, c.door))) return { status: 'ambiguous', names: exact.map((c) => c.name) };
    return { candidate: first, port: query.port };
  }
  const byName = sorted.find((c) => lower(c.name) === host) ?? sshAliases(sorted).get(host);
  if (byName) return { candidate: byName, port: query.port === 22 ? byName.port : query.port };
  return { status: 'not-found', query, otherPorts: [...new Set(onHost.map((c) => c.port))].sort((a, b) => a - b) };
}

/**
 * The Host aliases `sesame ssh-config` gives (host-blocks.ts planHosts: SSH/SFTP
 * profiles that can connect, in list order, "-2", "-3"… for a repeated one),
 * lowercased: `ProxyCommand sesame proxy --profile web-2 %h %p` names them so.
 */
function sshAliases(sorted: readonly Candidate[]): Map<string, Candidate> {
  const out = new Map<string, Candidate>();
  for (const c of sorted) {
    if (!c.door || (c.door.service.kind !== 'ssh' && c.door.service.kind !== 'sftp')) continue;
    let alias = hostAlias(c.name);
    for (let n = 2; out.has(alias.toLowerCase()); n += 1) alias = `${hostAlias(c.name)}-${n}`;
    out.set(alias.toLowerCase(), c);
  }
  return out;
}

const documentFormat = 'sesame-profiles';
const knownVersion = 1;

/** Candidates from profiles.json read as plain JSON, or undefined when only the full store may read this file. */
export function fastCandidates(text: string): Candidate[] | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const doc = raw as { format?: unknown; version?: unknown; profiles?: unknown };
  if (typeof raw !== 'object' || raw === null || doc.format !== documentFormat || doc.version !== knownVersion || !Array.isArray(doc.profiles)) return undefined;
  const out: Candidate[] = [];
  for (const entry of doc.profiles as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const e = entry as { id?: unknown; name?: unknown; group?: unknown; host?: unknown; service?: { port?: unknown } };
    if (typeof e.id !== 'string' || typeof e.name !== 'string') continue;
    const door = doorProfileOf(entry);
    const port = typeof e.service?.port === 'number' ? e.service.port : 22;
    out.push({
      id: e.id,
      name: e.name,
      group: typeof e.group === 'string' ? e.group : '',
      ...(typeof e.host === 'string' ? { host: e.host } : {}),
      port,
      ...(door ? { door } : {}),
    });
  }
  return out;
}

export interface FindDeps {
  profilesFile: string;
  /**
   * The full profile store's view (zod-validated, with "needs attention"
   * entries): used when the file is not one this reader knows, or when the
   * chosen profile's door did not pass the quick check. Returns the reason a
   * profile cannot be used, by id, alongside the valid ones.
   */
  fullStore: () => Promise<{ candidates: Candidate[]; unusable: Map<string, string> }>;
}

/** Finds the profile for a ProxyCommand: the quick read first, the full store only when needed. */
export async function findProfile(query: ProxyQuery, deps: FindDeps): Promise<FindResult> {
  let text: string | undefined;
  try {
    // Synchronous: one small local read, without a trip through the thread pool (see door-lease.ts).
    text = readFileSync(deps.profilesFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text === undefined) return matchOrNot(matchProfile([], query));
  const quick = fastCandidates(text);
  if (quick) {
    const matched = matchProfile(quick, query);
    if ('candidate' in matched && matched.candidate.door) return { status: 'found', match: { door: matched.candidate.door, port: matched.port } };
    if (!('candidate' in matched) && matched.status !== 'not-found') return matched;
    // Not found quickly: an entry the quick read skipped may still be the one (the full store says why it is unusable).
  }
  const full = await deps.fullStore();
  const matched = matchProfile(full.candidates, query);
  if ('candidate' in matched) {
    if (matched.candidate.door) return { status: 'found', match: { door: matched.candidate.door, port: matched.port } };
    return { status: 'unusable', name: matched.candidate.name, reason: full.unusable.get(matched.candidate.id) ?? 'incomplete' };
  }
  return matched;
}

function matchOrNot(matched: ReturnType<typeof matchProfile>): FindResult {
  if ('candidate' in matched) {
    return matched.candidate.door ? { status: 'found', match: { door: matched.candidate.door, port: matched.port } } : { status: 'unusable', name: matched.candidate.name, reason: 'incomplete' };
  }
  return matched;
}
