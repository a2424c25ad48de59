import { useTranslation } from 'react-i18next';
import { useMessageText } from '../i18n/use-message-text';

/**
 * One of main's messages in the UI language. When no translation exists, a
 * sentence in the UI language says what kind of problem it is, and main's
 * original text follows marked as English (`lang`, `data-untranslated`), so
 * nothing is hidden and the Korean e2e sweep finds every such gap.
 */
export function MessageView({ message, code }: { message: string; code?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const { text, known } = useMessageText()(message);
  if (known) return <>{text}</>;
  return (
    <>
      {t(`errors.codes.${code && i18n.exists(`errors.codes.${code}`) ? code : 'other'}`)}{' '}
      <span lang="en" data-untranslated="" className="untranslated">
        ({text})
      </span>
    </>
  );
}

/** An error banner: "Error: …" with main's message translated. */
export function ErrorBanner({ error }: { error: { code?: string; message: string } }) {
  const { t } = useTranslation();
  return (
    <p role="alert" className="error">
      {t('common.errorPrefix')} <MessageView message={error.message} code={error.code} />
    </p>
  );
}
