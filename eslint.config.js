// @ts-check
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** Layer rules (DESIGN.md): electron only in src-main/electron; no Node in the renderer or the contract. */
// A regex, not a gitignore-style group: "electron/*" would also match our own src-main/electron/ folder.
const noElectron = { regex: '^electron(/.*)?$', message: 'Only src-main/electron/** may import electron.' };
const noNodeMessage = 'No Node built-ins here: this code runs in the browser or must stay transport-neutral.';
const noNode = { group: ['node:*'], message: noNodeMessage };
// Bare built-in names ("fs") are exact paths, not patterns: a pattern "events" would also match "./events".
const noNodePaths = builtinModules.map((name) => ({ name, message: noNodeMessage }));

const noDefaultExport = { selector: 'ExportDefaultDeclaration', message: 'Use named exports (house style).' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.lab/**', '.stryker-tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', noDefaultExport],
      'no-restricted-imports': ['error', { patterns: [noElectron] }],
    },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-main/contract/**'],
    rules: { 'no-restricted-imports': ['error', { paths: noNodePaths, patterns: [noElectron, noNode] }] },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: noNodePaths, patterns: [noElectron, noNode] }],
    },
  },
  {
    // Components reach main through the feature stores (testable with a fake contract);
    // only the entry point hands window.sesame to them.
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    ignores: ['src-renderer/src/main.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        noDefaultExport,
        {
          selector: "MemberExpression[object.name='window'][property.name='sesame']",
          message: 'Call main through a store (src-renderer/src/stores), not window.sesame directly.',
        },
      ],
    },
  },
  {
    // Tool configs must default-export by their tools' convention.
    files: ['*.config.ts', '*.config.js', '*.config.mjs', 'test/**/*.config.ts', 'test/**/global-setup.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
