import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { pickLanguage } from '../../../src-main/contract/locales';
import { translateMessage } from '../../../src-main/contract/locales/messages';

export interface MessageText {
  text: string;
  /** False when no translation exists: `text` is main's English and the UI says so (see MessageView). */
  known: boolean;
}

/**
 * Main's English sentences (refusals, importer warnings, launcher checks) in
 * the UI language, at display time, like schema messages: stores keep what
 * main said, so switching the language re-renders every shown message.
 */
export function useMessageText(): (message: string) => MessageText {
  const { i18n } = useTranslation();
  const language = pickLanguage(i18n.language);
  return useCallback((message: string) => translateMessage(message, language), [language]);
}
