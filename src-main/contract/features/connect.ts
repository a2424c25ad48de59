import { z } from 'zod';
import { idSchema } from '../schemas/common';
import { diagnosisClassSchema, knockProgressSchema, runStageSchema } from './knock';

/**
 * Knock then connect: resolve once → knock → wait for the port (with the
 * banner check) → launch the client on the pinned address → optionally send
 * the close sequence when the client exits. The renderer names a profile and
 * a run id it chose; main does everything else.
 */

export const clientIdSchema = z.enum(['openssh', 'putty', 'lftp', 'winscp', 'filezilla', 'custom']);
export type ClientIdName = z.infer<typeof clientIdSchema>;

/** Stages after the knock engine's own (resolved, step k/N, done, waiting, open, failed). */
export const connectProgressSchema = z.union([
  knockProgressSchema,
  z.object({ kind: z.literal('ftp-mode'), mode: z.enum(['passive', 'active']), reason: z.string() }),
  z.object({
    kind: z.literal('launched'),
    client: clientIdSchema,
    /** Plain-language hints for the user (e.g. FileZilla: switch to active mode yourself). */
    notes: z.array(z.string()),
    /** True when a secret was put on the clipboard for a client with no safe way to receive it. */
    clipboard: z.boolean(),
    /**
     * True when the spawned process lives as long as the session, so a
     * `client-exited` (and the close sequence) will follow: until then the door
     * is open. False for hand-offs to a running terminal (wt.exe, osascript).
     */
    tracksExit: z.boolean().optional(),
  }),
  z.object({ kind: z.literal('client-exited'), code: z.number().int().nullable() }),
  z.object({ kind: z.literal('closed'), steps: z.number().int().nonnegative() }),
  z.object({ kind: z.literal('cancelled') }),
  /**
   * ssh asked its password helper something Sesame does not hold the secret
   * for (a ProxyJump hop's login, a foreign prompt): nothing was sent, and the
   * user types it in the terminal if it is theirs to answer.
   */
  z.object({ kind: z.literal('prompt-refused'), prompt: z.string() }),
  /**
   * Something the user should know that does not stop the run, said before the
   * knock: e.g. the keychain is missing or locked, so the client asks for the
   * saved password itself this time (code KEYCHAIN_UNAVAILABLE).
   */
  z.object({ kind: z.literal('notice'), code: z.string(), message: z.string() }),
  /** A failure that is not a network diagnosis (no client, spent one-time list, close sequence not sent…). */
  z.object({ kind: z.literal('error'), code: z.string(), message: z.string() }),
]);
export type ConnectProgress = z.infer<typeof connectProgressSchema>;

export const connectOutcomeSchema = z.enum(['launched', 'failed', 'cancelled']);
export type ConnectOutcome = z.infer<typeof connectOutcomeSchema>;

export const connectResultSchema = z.object({
  runId: idSchema,
  outcome: connectOutcomeSchema,
  /** Time from the first knock until the port answered, when it did. */
  msToOpen: z.number().nonnegative().optional(),
  diagnosis: z.object({ class: diagnosisClassSchema, stage: runStageSchema, detail: z.string().optional() }).optional(),
  /** Set when the failure was not a network diagnosis (no client installed, incomplete profile, …). */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /**
   * Set when the run ended after the door had opened without handing over a
   * session (launch refused, spawn error, cancel): whether the close sequence
   * went out, or failed and the door may still be open.
   */
  closeSequence: z.enum(['sent', 'failed']).optional(),
});
export type ConnectResult = z.infer<typeof connectResultSchema>;

export const historyEntrySchema = z.object({
  at: z.number().int().nonnegative(),
  profileId: idSchema,
  profileName: z.string(),
  outcome: connectOutcomeSchema,
  msToOpen: z.number().nonnegative().optional(),
  diagnosis: diagnosisClassSchema.optional(),
  message: z.string().optional(),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/**
 * ssh's "authenticity of host … can't be established" question, asked of the
 * user by Sesame (a saved password makes ssh send it to the helper, which on
 * Windows has no console to ask on). Text from ssh, shown as text.
 */
export const hostKeyQuestionSchema = z.object({
  questionId: idSchema,
  runId: idSchema,
  profileId: idSchema,
  /** The name ssh checks the key under (the HostKeyAlias, e.g. "[box.example.org]:2222"). */
  host: z.string().optional(),
  keyType: z.string().optional(),
  fingerprint: z.string().optional(),
  /** ssh's whole question, control characters removed. */
  text: z.string(),
});
export type HostKeyQuestionEvent = z.infer<typeof hostKeyQuestionSchema>;

export const connectMethods = {
  /** The user's answer to a hostKeyQuestion: trust records the key (ssh adds it to known_hosts), no ends the login. */
  answerHostKey: {
    request: z.object({ questionId: idSchema, trust: z.boolean() }).strict(),
    response: z.object({ answered: z.boolean() }),
  },
  /** Runs the whole flow; resolves when the client is launched (or the run failed or was cancelled). */
  connect: {
    request: z.object({ profileId: idSchema, runId: idSchema.optional(), sendCloseSequence: z.boolean().default(true) }).strict(),
    response: connectResultSchema,
  },
  /** Cancels a connect that has not launched its client yet. */
  cancelConnect: {
    request: z.object({ runId: idSchema }).strict(),
    response: z.object({ cancelled: z.boolean() }),
  },
  listHistory: {
    request: z.object({ profileId: idSchema.optional(), limit: z.number().int().min(1).max(1000).default(100) }).strict(),
    response: z.object({ entries: z.array(historyEntrySchema) }),
  },
} as const;

export const connectEvents = {
  connectProgress: z.object({ runId: idSchema, profileId: idSchema, event: connectProgressSchema }),
  historyChanged: z.object({ entry: historyEntrySchema }),
  hostKeyQuestion: hostKeyQuestionSchema,
  /** The question was answered elsewhere or timed out: close its dialog. */
  hostKeyQuestionClosed: z.object({ questionId: idSchema }),
} as const;
