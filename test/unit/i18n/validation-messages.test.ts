import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { profileFieldsSchema } from '../../../src-main/contract/features/profiles';
import { issuesFromZod } from '../../../src-main/contract/errors';
import { locales, supportedLanguages } from '../../../src-main/contract/locales';
import { translateValidation } from '../../../src-main/contract/locales/validation';
import { createI18n } from '../../../src-renderer/src/i18n/i18n';
import { useValidationText } from '../../../src-renderer/src/i18n/use-validation-text';
import { collectSchemaMessages, contractModules } from './schema-messages';

const schemaMessages = collectSchemaMessages(contractModules);

/** Entries that no schema declares but users see: main's duplicate-name issue (profiles-service.ts assertUniqueName, a pattern). */
const notFromSchemas = [
  '"{{name}}" is already used by another profile: choose a different name',
  // The profiles service's and the trash's NOT_FOUND messages (the CLI prints them).
  'No profile named or with id "{{ref}}". Run "sesame profiles list" to see them.',
  'No profile with id "{{id}}".',
  'Nothing named or with id "{{ref}}" is in the trash.',
  'The trash is empty.',
  'Nothing to undo: the deleted profile is no longer in the trash.',
];

/** Messages written as literals in the contract's schema sources: a cross-check that the walk misses none. */
function literalMessagesInSources(): { literals: string[]; templates: string[] } {
  const root = join(__dirname, '../../../src-main/contract');
  // schemas/ and features/ declare the schemas; the root files are plumbing whose own strings (dispatch's errors) are not field messages.
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /^(schemas|features)[\\/].*\.ts$/.test(f));
  const literals: string[] = [];
  const templates: string[] = [];
  for (const file of files) {
    // Comments go first: an apostrophe in "main's" would pair up the wrong quotes.
    const source = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // A message is a call's last argument (".min(1, 'msg')", ".int('msg')") or a `message:` value; enum members and paths are not.
    for (const m of source.matchAll(/(message:\s*|,\s*|\.int\()'((?:[^'\\\n]|\\.)*)'(?=\s*[)}])/g)) if (m[2]!.includes(' ')) literals.push(m[2]!.replace(/\\(.)/g, '$1'));
    for (const m of source.matchAll(/(?:message:\s*|,\s*)`([^`]*)`(?=\s*[)}])/g)) templates.push(m[1]!);
  }
  return { literals, templates };
}

describe('validation messages', () => {
  it('finds the contract schemas\' messages by walking them', () => {
    // A floor, so a walk that silently stops descending fails here rather than passing with nothing to check.
    expect(schemaMessages.size).toBeGreaterThanOrEqual(60);
    expect(schemaMessages).toContain('must be from 1 to 65535 (0 is not a usable port)');
    expect(schemaMessages).toContain('must not start with "-" (it would be read as a command-line option)');
    expect(schemaMessages).toContain('must be text (the group name)'); // built by a helper from a template
    expect(schemaMessages).toContain('is required to include credentials: they are encrypted with it'); // an object-level refine inside a method table
    expect(schemaMessages).toContain('must be "system", "en" or "ko"'); // z.enum(…, { message })
    expect(schemaMessages).toContain('must be true or false'); // z.boolean({ message })
  });

  it('the walk agrees with the messages written in the contract sources', () => {
    const { literals, templates } = literalMessagesInSources();
    expect(literals.length).toBeGreaterThan(40);
    expect(literals.filter((text) => !schemaMessages.has(text))).toEqual([]);
    for (const template of templates) {
      const shape = new RegExp(`^${template.split(/\$\{[^}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+')}$`);
      expect([...schemaMessages].some((text) => shape.test(text)), `no walked message matches \`${template}\``).toBe(true);
    }
  });

  it.each(supportedLanguages.filter((lang) => lang !== 'en'))('every schema message has a %s translation', (lang) => {
    const table: Record<string, string> = locales[lang].validation;
    expect([...schemaMessages].filter((text) => !Object.hasOwn(table, text))).toEqual([]);
    // A copied English sentence would pass the key comparison in locales.test.ts.
    expect(Object.entries(table).filter(([english, text]) => text === english).map(([english]) => english)).toEqual([]);
  });

  it('English maps each message to itself, and holds no message the schemas dropped', () => {
    const table: Record<string, string> = locales.en.validation;
    for (const [key, text] of Object.entries(table)) expect(text).toBe(key);
    expect(Object.keys(table).filter((key) => !schemaMessages.has(key) && !notFromSchemas.includes(key))).toEqual([]);
    // The list stays honest: each entry is in the table, and none has since become a schema message.
    expect(notFromSchemas.filter((key) => !Object.hasOwn(table, key) || schemaMessages.has(key))).toEqual([]);
  });

  it('renders Korean for the messages the editor shows, and falls back to English for unknown text', () => {
    expect(translateValidation('must be from 1 to 65535 (0 is not a usable port)', 'ko')).toBe('1부터 65535 사이여야 합니다 (0번 포트는 쓸 수 없습니다).');
    expect(translateValidation('must not start with "-" (it would be read as a command-line option)', 'ko')).toBe('"-"로 시작할 수 없습니다 (명령줄 옵션으로 읽힙니다).');
    expect(translateValidation('must be from 1 to 65535 (0 is not a usable port)', 'en')).toBe('must be from 1 to 65535 (0 is not a usable port)');
    expect(translateValidation('something main said', 'ko')).toBe('something main said');
    expect(translateValidation('constructor', 'ko')).toBe('constructor');
  });

  it('translates the issues of a real draft, as the editor builds them', () => {
    const parsed = profileFieldsSchema.safeParse({ name: ' ', host: '-oProxyCommand', knock: { steps: [{ port: 0 }], delayMs: NaN } });
    expect(parsed.success).toBe(false);
    // First message per field, as validateDraft keeps it.
    const shown: Record<string, string> = {};
    for (const issue of issuesFromZod(parsed.error!)) shown[issue.path] ??= translateValidation(issue.message, 'ko');
    expect(shown).toMatchObject({
      name: '비어 있습니다. 프로필 이름을 정하세요.',
      host: '"-"로 시작할 수 없습니다 (명령줄 옵션으로 읽힙니다).',
      'knock.steps.0.port': '1부터 65535 사이여야 합니다 (0번 포트는 쓸 수 없습니다).',
      'knock.delayMs': '밀리초 단위의 숫자여야 합니다.',
    });
  });

  it('fills in the dynamic part of main\'s duplicate-name message', () => {
    expect(translateValidation('"Web: 1.2" is already used by another profile: choose a different name', 'ko')).toBe(
      '“Web: 1.2”은(는) 다른 프로필이 이미 쓰고 있습니다. 다른 이름을 고르세요.',
    );
    expect(translateValidation('"Web" is already used by another profile: choose a different name', 'en')).toBe(
      '"Web" is already used by another profile: choose a different name',
    );
  });

  // Field, SequenceBuilder and OneTimeList show messages through this hook (Field.tsx itself needs JSX, which this Node project does not compile).
  it.each([
    ['ko', '1부터 65535 사이여야 합니다.'],
    ['en', 'must be from 1 to 65535'],
  ] as const)('the renderer shows a schema message in the UI language (%s)', async (language, expected) => {
    const i18n = await createI18n(language);
    const Probe = () => useValidationText()('must be from 1 to 65535') ?? '';
    expect(renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(Probe)))).toBe(expected);
    await i18n.changeLanguage(language === 'ko' ? 'en' : 'ko');
    expect(renderToStaticMarkup(createElement(I18nextProvider, { i18n }, createElement(Probe)))).not.toBe(expected);
  });
});
