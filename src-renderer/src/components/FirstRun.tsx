import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import { ImportSources } from './ImportSources';

/**
 * What an empty profile list offers, in one screen: the importable files
 * found on this computer, a team's .sesame file, any other file, or a new
 * profile. Every import goes through the same preview as a chosen file.
 */
function Offer({ title, hint, children }: { title: string; hint: string; children: ReactNode }) {
  return (
    <li className="offer">
      <span className="offer-text">
        <span className="offer-title">{title}</span>
        <span className="hint">{hint}</span>
      </span>
      {children}
    </li>
  );
}

export function FirstRun({ onCreate }: { onCreate(): void }) {
  const { t } = useTranslation();
  const { sharing } = useStores();
  const busy = useStore(sharing, (s) => s.busy);
  return (
    <section className="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">{t('firstRun.heading')}</h2>
      <p className="lead">{t('firstRun.lead')}</p>
      <div className="first-run-grid">
        <div className="card">
          <ImportSources />
        </div>
        <div className="card">
          <h3>{t('firstRun.otherHeading')}</h3>
          <ul className="offers">
            <Offer title={t('firstRun.sesameTitle')} hint={t('firstRun.sesameHint')}>
              <button type="button" disabled={busy} onClick={() => void sharing.getState().pickImport({ format: 'sesame', show: true })}>
                {t('firstRun.openSesame')}
              </button>
            </Offer>
            <Offer title={t('firstRun.fileTitle')} hint={t('firstRun.fileHint')}>
              {/* Any format: the file is read by its name and content, then previewed. */}
              <button type="button" disabled={busy} onClick={() => void sharing.getState().pickImport({ show: true })}>
                {t('sharing.chooseFile')}
              </button>
            </Offer>
            <Offer title={t('firstRun.createTitle')} hint={t('firstRun.createHint')}>
              <button type="button" className="primary" onClick={onCreate}>
                {t('list.new')}
              </button>
            </Offer>
          </ul>
        </div>
      </div>
    </section>
  );
}
