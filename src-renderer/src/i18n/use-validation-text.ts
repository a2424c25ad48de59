import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../../src-main/contract/locales';
import { translateValidation } from '../../../src-main/contract/locales/validation';

/**
 * Translates schema messages (the editor's own checks and main's INVALID_INPUT
 * issues) at display time: stores keep the contract's English text, so a
 * language switch re-renders every shown message without re-validating.
 */
export function useValidationText(): (message: string | undefined) => string | undefined {
  const { i18n } = useTranslation();
  const language = pickLanguage(i18n.language);
  return useCallback((message) => (message === undefined ? undefined : translateValidation(message, language)), [language]);
}
