import { expect, type Page } from '@playwright/test';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistoryEntry } from '../../src-main/contract/features/connect';

const fixtures = fileURLToPath(new URL('../fixtures/import/', import.meta.url));

/**
 * Puts the shipped import fixtures where first-run discovery looks, inside the
 * test core's throwaway home: ~/.ssh/config (with its Include folder),
 * <root>/etc/knockd.conf, ~/.fwknoprc and ~/.config/filezilla/sitemanager.xml.
 */
export function placeImportSources(home: string): void {
  mkdirSync(join(home, '.ssh'), { recursive: true });
  cpSync(join(fixtures, 'ssh'), join(home, '.ssh'), { recursive: true });
  mkdirSync(join(home, 'etc'), { recursive: true });
  cpSync(join(fixtures, 'knockd.conf'), join(home, 'etc', 'knockd.conf'));
  cpSync(join(fixtures, 'fwknoprc'), join(home, '.fwknoprc'));
  placeFileZillaSites(home, 'filezilla-3.63-sitemanager.xml');
}

/** A fixture as FileZilla's Site Manager file, at its Linux path (replacing the one there). */
export function placeFileZillaSites(home: string, fixture: string): void {
  mkdirSync(join(home, '.config', 'filezilla'), { recursive: true });
  cpSync(join(fixtures, fixture), join(home, '.config', 'filezilla', 'sitemanager.xml'));
}

/** Past runs in the app's own history file (JSON lines next to profiles.json), as connects record them. */
export function seedHistory(home: string, entries: HistoryEntry[]): void {
  writeFileSync(join(home, 'history.jsonl'), [...entries].sort((a, b) => a.at - b.at).map((e) => JSON.stringify(e)).join('\n') + '\n', { mode: 0o600 });
}

const minute = 60_000;

/** A door with history: launched, filtered, refused by a spent one-time list, cancelled. */
export function historyFor(profileId: string, profileName: string, now = Date.now()): HistoryEntry[] {
  return [
    { at: now - 3 * minute, profileId, profileName, outcome: 'launched', msToOpen: 41 },
    { at: now - 65 * minute, profileId, profileName, outcome: 'failed', diagnosis: 'filtered' },
    { at: now - 26 * 60 * minute, profileId, profileName, outcome: 'failed', message: `Every one-time sequence of "${profileName}" has been used: add new ones.` },
    { at: now - 3 * 24 * 60 * minute, profileId, profileName, outcome: 'cancelled' },
  ];
}

/** The fields of the profile the detail-pane tests look at: a UDP step with a payload, a close sequence, one-time codes, notes. */
export const detailProfile = {
  name: 'db-primary',
  group: 'Production',
  tags: ['prod', 'db'],
  host: 'db1.example.com',
  notes: 'Primary PostgreSQL host.\nknockd seq_timeout is 10 s on this box.',
  knock: {
    steps: [
      { port: 7000, protocol: 'tcp' as const },
      { port: 8000, protocol: 'udp' as const, payload: { encoding: 'hex' as const, data: 'deadbeef' } },
      { port: 9000, protocol: 'tcp' as const },
    ],
    delayMs: 150,
  },
  closeSequence: { steps: [{ port: 9000, protocol: 'tcp' as const }, { port: 7000, protocol: 'tcp' as const }], delayMs: 100 },
  oneTimeSequences: [{ steps: [{ port: 1111, protocol: 'tcp' as const }], usedAt: 1 }, { steps: [{ port: 2222, protocol: 'tcp' as const }] }],
  service: { kind: 'ssh' as const, port: 22, user: 'admin' },
  auth: { method: 'password' as const },
  preferredClient: 'openssh' as const,
};

// Words that are names, not sentences: products, protocols, commands and units a Korean UI writes in Latin letters.
const allowedWords = new Set([
  // The language picker names each language in itself.
  'English',
  'Sesame', 'OpenSSH', 'PuTTY', 'WinSCP', 'FileZilla', 'GNOME', 'Konsole', 'Windows', 'Terminal', 'iTerm', 'Linux', 'macOS', 'Enter',
  // Knock syntax ("8000:udp") and commands.
  'tcp', 'udp', 'ssh', 'sshd', 'sftp', 'ss', 'ListenAddress', 'lftp', 'knock', 'knockd', 'fwknop', 'fwknopd', 'vsftpd', 'iptables', 'nftables', 'xterm', 'sesame', 'ms',
  // The server config panel's "where it goes": a distribution, the owner of a file, server commands and config keywords (knockd's Interface, nft's include).
  'Debian', 'root', 'systemctl', 'nft', 'Interface', 'include',
  // ssh_config keywords an import note names (what the user wrote in the file).
  'ProxyJump', 'ProxyCommand',
]);

export interface EnglishFinding {
  text: string;
  word: string;
}

/**
 * Every piece of text a Korean screen shows (visible text nodes, option
 * labels, aria-labels, placeholders, titles), minus user data and code
 * (anything under translate="no", <code>, <kbd>), checked word by word: a
 * Latin word must be an acronym, a technical token (with digits, dots,
 * slashes…) or one of the names above. Main's untranslated fallbacks
 * ([data-untranslated]) count as findings even when collapsed.
 */
export async function findEnglish(page: Page): Promise<EnglishFinding[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const exempt = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) {
        // A textarea's text is what the user typed.
        if (e.getAttribute('translate') === 'no' || ['CODE', 'KBD', 'SCRIPT', 'STYLE', 'TEXTAREA'].includes(e.tagName)) return true;
      }
      return false;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || exempt(parent)) continue;
      const inSelect = parent.closest('select') !== null;
      if (!inSelect && !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      if (node.textContent?.trim()) out.push(node.textContent.trim());
    }
    for (const el of document.querySelectorAll('[aria-label], [placeholder], [title], [alt]')) {
      if (exempt(el)) continue;
      for (const attr of ['aria-label', 'placeholder', 'title', 'alt']) {
        const value = el.getAttribute(attr);
        if (value?.trim()) out.push(value.trim());
      }
    }
    for (const el of document.querySelectorAll('[data-untranslated]')) out.push(`UNTRANSLATED: ${el.textContent ?? ''}`);
    // User data and commands shown on the page (translate="no", <code>) also appear inside labels ("Connect to web-1", "Copy command: sudo ss -ltnp").
    const data = [...document.querySelectorAll('[translate="no"], code')].map((el) => el.textContent?.trim() ?? '').filter(Boolean);
    return { out, data: [...new Set(data)].sort((a, b) => b.length - a.length) };
  });
  const findings: EnglishFinding[] = [];
  for (const raw of texts.out) {
    // "sesame connect …", "systemctl restart …" are commands; user data is not text for the UI language.
    // Data or literal examples quoted inside a sentence (“Old WebDAV”, "deadbeef") are not prose.
    const text = texts.data
      .reduce((t, d) => t.split(d).join(' '), raw)
      .replace(/\b(?:sesame|systemctl|netfilter-persistent) [a-z]+/g, ' ')
      .replace(/“[^”]*”|"[^"]*"/g, ' ');
    if (raw.startsWith('UNTRANSLATED: ')) {
      findings.push({ text: raw, word: '(untranslated message from main)' });
      continue;
    }
    // A leading "." or "~/" makes a token a file name (".fwknoprc"), a leading "-" an option ("-d").
    for (const [word] of text.matchAll(/(?:~\/|\.|-{1,2})?[A-Za-z][A-Za-z0-9_.:/+@-]*/g)) {
      const bare = word.replace(/[.:]+$/, '');
      if (/[0-9_./:+@-]/.test(bare) || /^[A-Z]{2,}s?$/.test(bare) || allowedWords.has(bare)) continue;
      findings.push({ text: raw, word: bare });
    }
  }
  return findings;
}

/** Fails with every English word found on the current Korean screen. */
export async function expectNoEnglish(page: Page, screen: string): Promise<void> {
  expect(await findEnglish(page), `English on the Korean ${screen} screen`).toEqual([]);
}
