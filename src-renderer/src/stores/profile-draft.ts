import { issuesFromZod } from '../../../src-main/contract/errors';
import {
  profileFieldsSchema,
  type FtpMode,
  type PreferredClient,
  type Profile,
  type ProfileFieldsInput,
} from '../../../src-main/contract/features/profiles';
import type { AddressFamily, ServiceKind } from '../../../src-main/contract/schemas/common';
import type { DraftStep } from '../lib/sequence-text';
import { spaDraftFrom, spaFieldsFrom, type SpaDraft } from './spa-draft';

/**
 * The editor's form state: flat and string-friendly where users type, so a
 * half-typed value can sit in the form and be explained by the contract's own
 * schema instead of being rejected by the input.
 */
export interface Draft {
  name: string;
  group: string;
  tagsText: string;
  notes: string;
  host: string;
  addressFamily: AddressFamily;
  steps: DraftStep[];
  delayMs: number;
  openTimeoutMs: number;
  closeEnabled: boolean;
  closeSteps: DraftStep[];
  closeDelayMs: number;
  oneTime: { steps: DraftStep[]; usedAt?: number }[];
  serviceKind: ServiceKind;
  servicePort: number;
  user: string;
  authMethod: 'password' | 'key' | 'agent';
  keyFile: string;
  ftpMode: FtpMode;
  preferredClient: PreferredClient;
  /** The custom command, one argument per line (no shell quoting to get wrong). */
  customTemplateText: string;
  door: 'knock' | 'spa';
  spa: SpaDraft;
  /** Seconds the server keeps the door open by itself; NaN while the field is empty (no timeout). */
  doorTimeoutS: number;
  keepOpen: boolean;
  /** Not edited here, only carried: a save replaces every field, so what the form does not show must not be lost. */
  requestTty?: boolean;
}

export const defaultPortFor: Record<ServiceKind, number> = { ssh: 22, sftp: 22, ftp: 21, custom: 22 };

export function emptyDraft(defaults: { delayMs: number; openTimeoutMs: number }): Draft {
  return {
    name: '',
    group: '',
    tagsText: '',
    notes: '',
    host: '',
    addressFamily: 'auto',
    steps: [{ port: 7000, protocol: 'tcp' }],
    delayMs: defaults.delayMs,
    openTimeoutMs: defaults.openTimeoutMs,
    closeEnabled: false,
    closeSteps: [],
    closeDelayMs: defaults.delayMs,
    oneTime: [],
    serviceKind: 'ssh',
    servicePort: 22,
    user: '',
    authMethod: 'agent',
    keyFile: '',
    ftpMode: 'auto',
    preferredClient: 'auto',
    customTemplateText: '',
    door: 'knock',
    spa: spaDraftFrom(undefined),
    doorTimeoutS: NaN,
    keepOpen: false,
  };
}

export function draftFromProfile(p: Profile): Draft {
  return {
    name: p.name,
    group: p.group,
    tagsText: p.tags.join(' '),
    notes: p.notes,
    host: p.host ?? '',
    addressFamily: p.addressFamily,
    steps: p.knock?.steps.map((s) => ({ ...s })) ?? [],
    delayMs: p.knock?.delayMs ?? 100,
    openTimeoutMs: p.openTimeoutMs,
    closeEnabled: p.closeSequence !== undefined,
    closeSteps: p.closeSequence?.steps.map((s) => ({ ...s })) ?? [],
    closeDelayMs: p.closeSequence?.delayMs ?? 100,
    oneTime: p.oneTimeSequences.map((s) => ({ steps: s.steps.map((x) => ({ ...x })), ...(s.usedAt !== undefined ? { usedAt: s.usedAt } : {}) })),
    serviceKind: p.service.kind,
    servicePort: p.service.port,
    user: p.service.user ?? '',
    authMethod: p.auth.method,
    keyFile: p.auth.method === 'key' ? p.auth.keyFile : '',
    ftpMode: p.ftpMode,
    preferredClient: p.preferredClient,
    customTemplateText: p.customTemplate?.join('\n') ?? '',
    door: p.door ?? 'knock',
    spa: spaDraftFrom(p.spa),
    doorTimeoutS: p.doorTimeoutS ?? NaN,
    keepOpen: p.keepOpen ?? false,
    ...(p.requestTty !== undefined ? { requestTty: p.requestTty } : {}),
  };
}

/** The template as argv: one element per line; blank lines are separators, not empty arguments. */
export function templateLines(text: string): string[] {
  // Trimmed: a stray space before "ssh" would make the program " ssh"; arguments keep their inner spaces.
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Whether a connect would use the custom template (so it must be right before saving). */
export function usesTemplate(d: Pick<Draft, 'preferredClient' | 'serviceKind'>): boolean {
  return d.preferredClient === 'custom' || d.serviceKind === 'custom';
}

/** Hex payloads may be typed as "de ad be ef" or "de:ad:be:ef"; the contract takes bare digits. */
function withNormalisedPayload(step: DraftStep): DraftStep {
  if (step.payload?.encoding !== 'hex') return step;
  return { ...step, payload: { encoding: 'hex', data: step.payload.data.replace(/[\s:]/g, '') } };
}

/** The edit as the contract takes it; the same object main will re-validate. */
export function fieldsFromDraft(d: Draft): ProfileFieldsInput {
  return {
    name: d.name,
    group: d.group,
    tags: d.tagsText.split(/[\s,]+/).filter(Boolean),
    notes: d.notes,
    host: d.host,
    addressFamily: d.addressFamily,
    // An SPA door keeps a knock sequence the profile had (switching back loses nothing), but needs none.
    ...(d.door === 'spa' ? { door: 'spa' as const, spa: spaFieldsFrom(d.spa), ...(d.steps.length > 0 ? { knock: { steps: d.steps.map(withNormalisedPayload), delayMs: d.delayMs } } : {}) } : { knock: { steps: d.steps.map(withNormalisedPayload), delayMs: d.delayMs } }),
    openTimeoutMs: d.openTimeoutMs,
    ...(d.closeEnabled ? { closeSequence: { steps: d.closeSteps.map(withNormalisedPayload), delayMs: d.closeDelayMs } } : {}),
    oneTimeSequences: d.oneTime,
    service: { kind: d.serviceKind, port: d.servicePort, ...(d.user !== '' ? { user: d.user } : {}) },
    auth: d.authMethod === 'key' ? { method: 'key', keyFile: d.keyFile } : { method: d.authMethod },
    ftpMode: d.ftpMode,
    preferredClient: d.preferredClient,
    // Kept whenever typed, even if another client is chosen now: switching back must not lose it.
    ...(templateLines(d.customTemplateText).length > 0 || usesTemplate(d) ? { customTemplate: templateLines(d.customTemplateText) } : {}),
    // An empty field is "no timeout"; whatever else was typed goes to the schema to be explained.
    ...(Number.isNaN(d.doorTimeoutS) ? {} : { doorTimeoutS: d.doorTimeoutS }),
    ...(d.keepOpen ? { keepOpen: true } : {}),
    ...(d.requestTty !== undefined ? { requestTty: d.requestTty } : {}),
  };
}

/** Field path → first message, from the contract's schema (the same one main enforces). */
export function validateDraft(d: Draft): Record<string, string> {
  const parsed = profileFieldsSchema.safeParse(fieldsFromDraft(d));
  if (parsed.success) return {};
  const out: Record<string, string> = {};
  for (const issue of issuesFromZod(parsed.error)) out[issue.path] ??= issue.message;
  return out;
}
