import { useTranslation } from 'react-i18next';
import { strengthOf, type Strength } from '../lib/passphrase-strength';

const levels: Strength[] = ['weak', 'fair', 'good', 'strong'];

/** How hard the export's passphrase is to guess; whoever gets the file can try offline. */
export function PassphraseMeter({ passphrase }: { passphrase: string }) {
  const { t } = useTranslation();
  if (passphrase === '') return null;
  const strength = strengthOf(passphrase);
  return (
    <div className={`passphrase-meter strength-${strength}`} data-testid="passphrase-meter">
      <meter min={0} max={levels.length} value={levels.indexOf(strength) + 1} aria-label={t('sharing.strengthLabel')} />
      <span aria-live="polite">{t(`sharing.strength.${strength}`)}</span>
    </div>
  );
}
