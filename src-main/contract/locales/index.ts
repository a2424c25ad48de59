import cliEn from './cli.en.json' with { type: 'json' };
import cliKo from './cli.ko.json' with { type: 'json' };
import diagnosticsEn from './diagnostics.en.json' with { type: 'json' };
import diagnosticsKo from './diagnostics.ko.json' with { type: 'json' };
import messagesEn from './messages.en.json' with { type: 'json' };
import messagesKo from './messages.ko.json' with { type: 'json' };
import serverKitEn from './server-kit.en.json' with { type: 'json' };
import serverKitKo from './server-kit.ko.json' with { type: 'json' };
import shellEn from './shell.en.json' with { type: 'json' };
import shellKo from './shell.ko.json' with { type: 'json' };
import uiEn from './ui.en.json' with { type: 'json' };
import uiKo from './ui.ko.json' with { type: 'json' };
import validationEn from './validation.en.json' with { type: 'json' };
import validationKo from './validation.ko.json' with { type: 'json' };

export { pickLanguage, supportedLanguages, type Language } from './language';

/**
 * All user-facing text, in every shipped language, shared by the renderer and
 * the CLI (so a diagnosis reads the same in the window and the terminal).
 * One i18next namespace per file; `ui` is the default namespace. `validation`
 * is keyed by the schemas' English messages, whole sentences full of ":" and
 * ".", so read it through `translateValidation` (./validation), not `t()`; `messages`,
 * main's runtime sentences, likewise through `translateMessage` (./messages).
 */
export const locales = {
  en: { ui: uiEn, diagnostics: diagnosticsEn, shell: shellEn, validation: validationEn, messages: messagesEn, serverKit: serverKitEn, cli: cliEn },
  ko: { ui: uiKo, diagnostics: diagnosticsKo, shell: shellKo, validation: validationKo, messages: messagesKo, serverKit: serverKitKo, cli: cliKo },
} as const;

export const namespaces = ['ui', 'diagnostics', 'shell', 'validation', 'messages', 'serverKit', 'cli'] as const;
