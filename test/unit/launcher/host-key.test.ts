import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { askHostKeyOnCli } from '../../../src-main/cli/host-key-prompt';
import { createHostKeyQuestions } from '../../../src-main/core/connect/host-key-questions';
import { parseHostKeyQuestion } from '../../../src-main/core/launcher/askpass-prompts';
import { createHostKeyStore } from '../../../src-renderer/src/stores/host-key-store';

const sshQuestion =
  "The authenticity of host '[box.example.org]:2222 ([192.0.2.10]:2222)' can't be established.\n" +
  'ED25519 key fingerprint is: SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s\n' +
  'This key is not known by any other names.\n' +
  'Are you sure you want to continue connecting (yes/no/[fingerprint])? ';
const question = parseHostKeyQuestion(sshQuestion);

describe('host-key questions in the app', () => {
  it('one event per question, answered by answerHostKey once; unanswered ones are "no" and the dialog is closed', async () => {
    const emitted: Array<[string, unknown]> = [];
    let n = 0;
    const questions = createHostKeyQuestions({ emit: (event, payload) => void emitted.push([event, payload]), timeoutMs: 50, newId: () => `q${++n}` });
    const first = questions.ask({ runId: 'r', profileId: 'p', question });
    expect(emitted[0]).toEqual([
      'hostKeyQuestion',
      { questionId: 'q1', runId: 'r', profileId: 'p', host: '[box.example.org]:2222', keyType: 'ED25519', fingerprint: 'SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s', text: question.text },
    ]);
    expect(questions.answer('q1', true)).toBe(true);
    expect(questions.answer('q1', false)).toBe(false);
    expect(await first).toBe(true);
    const unanswered = await questions.ask({ runId: 'r', profileId: 'p', question });
    expect(unanswered).toBe(false);
    expect(emitted.at(-1)).toEqual(['hostKeyQuestionClosed', { questionId: 'q2' }]);
  });
});

describe('host-key questions on the CLI terminal', () => {
  const io = (stdinIsTTY = false) => {
    const err: string[] = [];
    return { err, io: { out: () => {}, err: (t: string) => void err.push(t), stdin: new PassThrough(), stdinIsTTY, env: {} } };
  };

  it('shows ssh\'s text with the fingerprint; "yes" or the fingerprint trusts, anything else does not', async () => {
    for (const [typed, trusted] of [['yes', true], ['y', true], [question.fingerprint as string, true], ['no', false], ['', false], ['yess', false]] as const) {
      const { err, io: cliIo } = io();
      const answer = await askHostKeyOnCli(cliIo, { tty: () => typed })(question);
      expect(answer, typed).toBe(trusted);
      expect(err.join('')).toContain('SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s');
      expect(err.join('')).not.toContain('Are you sure');
    }
  });

  it('reads the console when there is no /dev/tty (Windows), and never answers silently without a terminal', async () => {
    const { io: cliIo } = io(true);
    const pending = askHostKeyOnCli(cliIo, { tty: () => undefined })(question);
    (cliIo.stdin as PassThrough).write('yes\r\n');
    if (process.platform !== 'win32') expect(await pending).toBe(true);
    const none = io(false);
    expect(await askHostKeyOnCli(none.io, { tty: () => undefined })(question)).toBe(false);
    expect(none.err.join('')).toMatch(/no terminal to answer the host-key question: .*ssh-keyscan/);
  });
});

describe('the window\'s host-key dialog store', () => {
  it('queues questions from main, answers through answerHostKey, drops ones main closed', async () => {
    const handlers = new Map<string, (payload: never) => void>();
    const answers: unknown[] = [];
    const api = {
      on: (event: string, handler: (payload: never) => void) => (handlers.set(event, handler), () => handlers.delete(event)),
      answerHostKey: async (request: unknown) => (answers.push(request), { answered: true }),
    };
    const store = createHostKeyStore(api as never);
    const off = store.getState().attach();
    const ask = (questionId: string) => handlers.get('hostKeyQuestion')?.({ questionId, runId: 'r', profileId: 'p', text: 't' } as never);
    ask('a');
    ask('b');
    expect(store.getState().pending.map((q) => q.questionId)).toEqual(['a', 'b']);
    await store.getState().answer('a', true);
    handlers.get('hostKeyQuestionClosed')?.({ questionId: 'b' } as never);
    expect(store.getState().pending).toEqual([]);
    expect(answers).toEqual([{ questionId: 'a', trust: true }]);
    off();
    expect(handlers.size).toBe(0);
  });
});
