import i18next, { type i18n, type TFunction } from 'i18next';
import { locales, namespaces, type Language } from '../contract/locales';

let instance: i18n | undefined;

/**
 * Main-side translations from the same resources and fallback the renderer
 * uses (src-renderer/src/i18n), so the window, the tray, notifications and
 * the terminal all say the same words.
 */
export function translate(language: Language, namespace: (typeof namespaces)[number]): TFunction {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: locales,
      ns: [...namespaces],
      defaultNS: 'diagnostics',
      lng: 'en',
      fallbackLng: 'en',
      initAsync: false,
      interpolation: { escapeValue: false },
    });
  }
  return instance.getFixedT(language, namespace);
}
