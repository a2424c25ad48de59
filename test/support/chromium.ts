/**
 * Debian's Chromium, never a downloaded browser (our build machines cannot
 * fetch one), with the flags that keep it off the closed network. Shared by
 * the e2e config, the UI bench and the icon renderer.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-features=Translate,MediaRouter',
];
