import { z } from 'zod';
import { bannerExpectSchema, idSchema, portSchema, protocolSchema } from '../schemas/common';
import { supportedLanguages } from '../locales/language';

/**
 * What went wrong when a port did not answer as hoped. Shared by the port
 * waiter (a failed wait) and `probe` (no knock), so both read the same way and
 * map onto the same explanation in `locales/diagnostics.*.json`.
 */
export const diagnosisClasses = [
  'filtered',
  'refused',
  // Accepted, then turned away before login: closed or reset without a byte (libwrap), or a refusal
  // in place of the greeting (FTP "421 …", vsftpd "500 OOPS: …", sshd "Exceeded MaxStartups").
  'reset-before-banner',
  'wrong-service',
  'dns-failed',
  'unreachable',
  // FTP only: the control port opened and login worked, but the passive data port is filtered.
  'passive-ports-blocked',
  // SPA door: the packet went out but the port stayed filtered (causes ranked in core/spa/diagnose.ts).
  'spa-filtered',
] as const;
export const diagnosisClassSchema = z.enum(diagnosisClasses);
export type DiagnosisClass = z.infer<typeof diagnosisClassSchema>;

/** The family the host resolved to; `auto` never survives resolution. */
export const pinnedFamilySchema = z.enum(['ipv4', 'ipv6']);
export type PinnedFamily = z.infer<typeof pinnedFamilySchema>;

export const languageSchema = z.enum(supportedLanguages);

const msSchema = z.number().nonnegative();

/** Where a failure happened: a DNS failure before any knock reads differently from a shut door. */
export const runStageSchema = z.enum(['resolve', 'knock', 'wait', 'probe', 'ftp']);
export type RunStage = z.infer<typeof runStageSchema>;

/**
 * One progress event of a knock run. Times are ms since the run's first knock
 * (`resolved` comes before it, so it has none).
 */
export const knockProgressSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('resolved'), host: z.string(), address: z.string(), family: pinnedFamilySchema }),
  z.object({
    kind: z.literal('step'),
    index: z.number().int().positive(),
    total: z.number().int().positive(),
    port: portSchema,
    protocol: protocolSchema,
    elapsedMs: msSchema,
  }),
  z.object({ kind: z.literal('done'), steps: z.number().int().nonnegative(), elapsedMs: msSchema }),
  z.object({ kind: z.literal('waiting'), port: portSchema, timeoutMs: msSchema }),
  z.object({
    kind: z.literal('open'),
    port: portSchema,
    msFromFirstKnock: msSchema,
    msFromLastKnock: msSchema,
    attempts: z.number().int().nonnegative(),
  }),
  z.object({ kind: z.literal('failed'), class: diagnosisClassSchema, stage: runStageSchema }),
]);
export type KnockProgress = z.infer<typeof knockProgressSchema>;

const targetSchema = z.object({ host: z.string(), address: z.string(), family: pinnedFamilySchema });

/** Outcome of knock (+ wait). A cancelled run is the CANCELLED error, not a result. */
export const knockRunResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('open'),
    target: targetSchema,
    port: portSchema,
    msFromFirstKnock: msSchema,
    msFromLastKnock: msSchema,
    /** First knock → TCP handshake done (before the banner check, when one was asked). */
    msToConnect: msSchema.optional(),
    attempts: z.number().int().nonnegative(),
    banner: z.string().optional(),
  }),
  z.object({ status: z.literal('knocked'), target: targetSchema, steps: z.number().int().nonnegative(), elapsedMs: msSchema }),
  z.object({
    status: z.literal('failed'),
    class: diagnosisClassSchema,
    stage: runStageSchema,
    target: targetSchema.optional(),
    port: portSchema.optional(),
    attempts: z.number().int().nonnegative().optional(),
    detail: z.string().optional(),
  }),
]);
export type KnockRunResult = z.infer<typeof knockRunResultSchema>;

export const probeResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('open'),
    target: targetSchema,
    port: portSchema,
    elapsedMs: msSchema,
    banner: z.string().optional(),
    /** The greeting that was required ("none": only the connection; the probe then listened briefly). */
    expect: bannerExpectSchema.optional(),
    /** With no greeting required: how long the server was listened to after the handshake. */
    listenedMs: msSchema.optional(),
  }),
  z.object({
    status: z.literal('failed'),
    class: diagnosisClassSchema,
    target: targetSchema.optional(),
    port: portSchema,
    detail: z.string().optional(),
  }),
]);
export type ProbeResult = z.infer<typeof probeResultSchema>;

/** A diagnosis in plain language, ready to show: the UI and the CLI print the same text. */
export const diagnosisExplanationSchema = z.object({
  class: diagnosisClassSchema,
  title: z.string(),
  summary: z.string(),
  causes: z.array(z.string()),
  fixes: z.array(z.string()),
  /** What this failure's detail shows (e.g. the passive port the server offered), when a detail was given. */
  notes: z.array(z.string()).optional(),
  /** Server-side commands filled in with this failure's values; lines starting with "#" say what the next ones do. */
  commands: z.array(z.string()).optional(),
});
export type DiagnosisExplanation = z.infer<typeof diagnosisExplanationSchema>;

/**
 * Requests name a profile, never a host or port: main looks the target up
 * itself, so a compromised renderer cannot aim knocks anywhere it likes.
 */
export const knockMethods = {
  explainDiagnosis: {
    request: z
      .object({
        class: diagnosisClassSchema,
        language: languageSchema.default('en'),
        // The failure's own detail and guarded port make the explanation specific (notes, commands).
        detail: z.string().max(1000).optional(),
        port: portSchema.optional(),
      })
      .strict(),
    response: diagnosisExplanationSchema,
  },
  /** Knock the profile's sequence and wait for its guarded port (without launching a client). */
  testKnock: {
    request: z.object({ profileId: idSchema, runId: idSchema.optional() }).strict(),
    response: knockRunResultSchema,
  },
  /** Classify the profile's guarded port without knocking. */
  probeProfile: {
    request: z.object({ profileId: idSchema }).strict(),
    response: probeResultSchema,
  },
  /** Cancels a running `testKnock` by the run id the renderer chose. */
  cancelKnock: {
    request: z.object({ runId: idSchema }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
} as const;

export const knockEvents = {
  knockProgress: z.object({ runId: idSchema, profileId: idSchema, event: knockProgressSchema }),
} as const;
