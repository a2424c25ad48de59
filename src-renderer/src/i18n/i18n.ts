import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { locales, namespaces, type Language } from '../../../src-main/contract/locales';

export { pickLanguage, supportedLanguages, type Language } from '../../../src-main/contract/locales';

export async function createI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: locales,
    ns: [...namespaces],
    defaultNS: 'ui',
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
  return instance;
}
