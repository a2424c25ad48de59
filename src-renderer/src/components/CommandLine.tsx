import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { copyText } from '../lib/copy-text';

/**
 * A command (or, with `block`, a whole file's text) the user can paste, with a
 * copy button and a status that says when it worked.
 */
export function CommandLine({
  command,
  label,
  block,
  testId = 'cli-command',
}: {
  command: string;
  label: string;
  /** Shown whole, as a scrollable block named `block.name` (keyboard users scroll it once focused). */
  block?: { name: string };
  testId?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [copied, setCopied] = useState(false);
  const code = (
    <code id={`${id}-c`} translate="no" data-testid={testId}>
      {command}
    </code>
  );
  return (
    <div className={block ? 'command-line block' : 'command-line'}>
      {block ? (
        <pre tabIndex={0} role="region" aria-label={block.name}>
          {code}
        </pre>
      ) : (
        code
      )}
      {/* The visible word is the name; what it copies is its description (a block's label starts with that word). */}
      <button type="button" className="small" title={label} aria-label={block ? label : undefined} aria-describedby={block ? undefined : `${id}-c`} onClick={() => void copyText(command).then(setCopied)}>
        {t('diagnosis.copy')}
      </button>
      <span role="status" className="hint" data-testid={testId === 'cli-command' ? 'cli-copied' : `${testId}-copied`}>
        {copied ? t('diagnosis.copied') : ''}
      </span>
    </div>
  );
}
