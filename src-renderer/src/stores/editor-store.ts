import { createStore } from 'zustand/vanilla';
import type { ContractError, SesameApi } from '../../../src-main/contract';
import type { TemplatePreview } from '../../../src-main/contract/features/client-preview';
import type { Profile, SecretKind } from '../../../src-main/contract/features/profiles';
import { fieldErrors } from '../lib/field-errors';
import { draftFromProfile, emptyDraft, validateDraft, fieldsFromDraft, templateLines, usesTemplate, type Draft } from './profile-draft';

export interface EditorState {
  open: boolean;
  /** The saved profile being edited; undefined while creating a new one. */
  profile: Profile | undefined;
  draft: Draft;
  issues: Record<string, string>;
  /** Fields the user has left, so messages do not shout at a form they have not filled in yet. */
  touched: ReadonlySet<string>;
  showAllIssues: boolean;
  dirty: boolean;
  saving: boolean;
  error: ContractError | undefined;
  /** Typed but not yet stored secrets; cleared as soon as main has them. */
  secretInput: Record<SecretKind, string>;
  secretError: Partial<Record<SecretKind, string>>;
  /** Main's preview of the custom template for the current draft (the launcher's own rules). */
  templatePreview: TemplatePreview | undefined;
  /** Asks main for the preview of the draft as it is now; the latest answer wins. */
  previewTemplate(): Promise<TemplatePreview | undefined>;
  startNew(defaults: { delayMs: number; openTimeoutMs: number }): void;
  edit(id: string): Promise<void>;
  close(): void;
  update(patch: Partial<Draft>): void;
  touch(path: string): void;
  save(): Promise<Profile | undefined>;
  setSecretInput(kind: SecretKind, value: string): void;
  storeSecret(kind: SecretKind): Promise<boolean>;
  removeSecret(kind: SecretKind): Promise<void>;
  /** SPA keys typed as base64 (KEY_BASE64) rather than text. */
  spaKeysBase64: boolean;
  setSpaKeysBase64(value: boolean): void;
  /** The access.conf stanza of keys just generated: shown once, cleared when the editor closes. */
  generatedStanza: string | undefined;
  generateSpaKeys(language: 'en' | 'ko'): Promise<void>;
}

const noSecrets: Record<SecretKind, string> = { password: '', passphrase: '', 'spa-key': '', 'spa-hmac-key': '' };

type EditorApi = Pick<SesameApi, 'getProfile' | 'createProfile' | 'updateProfile' | 'setSecret' | 'deleteSecret' | 'previewClientTemplate' | 'generateSpaKeys'>;

/**
 * The profile editor. Validation runs in the renderer with the contract's own
 * schema for instant messages; main validates again on save, and its
 * INVALID_INPUT issues land on the same field paths.
 */
export function createEditorStore(api: EditorApi) {
  const blank = emptyDraft({ delayMs: 100, openTimeoutMs: 5000 });
  let previews = 0;
  return createStore<EditorState>()((set, get) => ({
    templatePreview: undefined,
    async previewTemplate() {
      const mine = ++previews;
      const d = get().draft;
      const port = Number.isInteger(d.servicePort) && d.servicePort >= 1 && d.servicePort <= 65535 ? d.servicePort : undefined;
      try {
        const preview = await api.previewClientTemplate({
          template: templateLines(d.customTemplateText).slice(0, 256).map((line) => line.slice(0, 4096)),
          ...(d.host !== '' ? { host: d.host.slice(0, 253) } : {}),
          ...(port !== undefined ? { port } : {}),
          ...(d.user !== '' ? { user: d.user.slice(0, 256) } : {}),
          addressFamily: d.addressFamily,
        });
        // A slower answer for an older draft must not replace the newer one.
        if (mine === previews) set({ templatePreview: preview });
        return preview;
      } catch (error) {
        if (mine === previews) set({ templatePreview: undefined, error: error as ContractError });
        return undefined;
      }
    },
    open: false,
    profile: undefined,
    draft: blank,
    issues: validateDraft(blank),
    touched: new Set(),
    showAllIssues: false,
    dirty: false,
    saving: false,
    error: undefined,
    secretInput: { ...noSecrets },
    secretError: {},
    spaKeysBase64: true,
    generatedStanza: undefined,
    setSpaKeysBase64(value) {
      set({ spaKeysBase64: value });
    },
    async generateSpaKeys(language) {
      const { profile } = get();
      if (!profile) return;
      try {
        const { profile: saved, section } = await api.generateSpaKeys({ id: profile.id, language });
        set({ profile: saved, generatedStanza: section.text, secretError: { ...get().secretError, 'spa-key': undefined } });
      } catch (thrown) {
        set({ secretError: { ...get().secretError, 'spa-key': (thrown as ContractError).message } });
      }
    },
    startNew(defaults) {
      const draft = emptyDraft(defaults);
      set({ open: true, profile: undefined, draft, issues: validateDraft(draft), touched: new Set(), showAllIssues: false, dirty: false, error: undefined, secretInput: { ...noSecrets }, secretError: {}, generatedStanza: undefined, templatePreview: undefined });
    },
    async edit(id) {
      try {
        const { profile } = await api.getProfile({ id });
        const draft = draftFromProfile(profile);
        set({ open: true, profile, draft, issues: validateDraft(draft), touched: new Set(), showAllIssues: false, dirty: false, error: undefined, secretInput: { ...noSecrets }, secretError: {}, generatedStanza: undefined, templatePreview: undefined });
      } catch (error) {
        set({ error: error as ContractError });
      }
    },
    close() {
      set({ open: false, secretInput: { ...noSecrets }, generatedStanza: undefined });
    },
    update(patch) {
      const draft = { ...get().draft, ...patch };
      set({ draft, issues: validateDraft(draft), dirty: true });
    },
    touch(path) {
      if (!get().touched.has(path)) set({ touched: new Set([...get().touched, path]) });
    },
    async save() {
      const { draft, profile } = get();
      const issues = validateDraft(draft);
      // The schema checks the template's shape; where placeholders may go is the launcher's rule, asked of main.
      if (usesTemplate(draft) && Object.keys(issues).length === 0) {
        const problem = (await get().previewTemplate())?.problem;
        if (problem) issues.customTemplate = problem.message;
      }
      if (Object.keys(issues).length > 0) {
        set({ issues, showAllIssues: true });
        return undefined;
      }
      set({ saving: true, error: undefined });
      try {
        const fields = fieldsFromDraft(draft) as Parameters<EditorApi['createProfile']>[0]['fields'];
        const { profile: saved } = profile
          ? await api.updateProfile({ id: profile.id, fields, expectedUpdatedAt: profile.updatedAt })
          : await api.createProfile({ fields });
        set({ profile: saved, draft: draftFromProfile(saved), dirty: false, saving: false, showAllIssues: false });
        return saved;
      } catch (thrown) {
        const error = thrown as ContractError;
        const fields = fieldErrors(error, 'fields.');
        set({ saving: false, error, ...(Object.keys(fields).length > 0 ? { issues: fields, showAllIssues: true } : {}) });
        return undefined;
      }
    },
    setSecretInput(kind, value) {
      set({ secretInput: { ...get().secretInput, [kind]: value }, secretError: { ...get().secretError, [kind]: undefined } });
    },
    async storeSecret(kind) {
      const { profile, secretInput } = get();
      if (!profile || secretInput[kind] === '') return false;
      try {
        const spa = kind === 'spa-key' || kind === 'spa-hmac-key';
        const encoding = spa ? { encoding: get().spaKeysBase64 ? ('base64' as const) : ('text' as const) } : {};
        const { profile: saved } = await api.setSecret({ id: profile.id, kind, secret: secretInput[kind], ...encoding });
        // The typed value is dropped at once: main answers only "stored: yes".
        set({ profile: saved, secretInput: { ...get().secretInput, [kind]: '' } });
        return true;
      } catch (thrown) {
        set({ secretError: { ...get().secretError, [kind]: (thrown as ContractError).message } });
        return false;
      }
    },
    async removeSecret(kind) {
      const { profile } = get();
      if (!profile) return;
      try {
        const { profile: saved } = await api.deleteSecret({ id: profile.id, kind });
        set({ profile: saved });
      } catch (thrown) {
        set({ secretError: { ...get().secretError, [kind]: (thrown as ContractError).message } });
      }
    },
  }));
}

export type EditorStore = ReturnType<typeof createEditorStore>;
