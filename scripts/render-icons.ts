// Renders assets/*.svg into the PNG sizes electron-builder and the tray need,
// with Debian's Chromium (no image toolchain is available on our build machines).
// Run: npx tsx scripts/render-icons.ts — the PNGs are committed.
import { chromium } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { chromiumArgs, chromiumPath } from '../test/support/chromium';

const jobs: Array<[svg: string, out: string, size: number]> = [
  ['assets/icon.svg', 'assets/icon.png', 1024],
  ...[16, 32, 48, 64, 128, 256, 512].map((s): [string, string, number] => ['assets/icon.svg', `assets/icons/${s}x${s}.png`, s]),
  ['assets/tray.svg', 'assets/trayTemplate.png', 16],
  ['assets/tray.svg', 'assets/trayTemplate@2x.png', 32],
];

const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
const page = await browser.newPage();
for (const [svg, out, size] of jobs) {
  const markup = await readFile(svg, 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: out, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}
await browser.close();
