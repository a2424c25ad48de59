// Writes the README's table of launch paths from the launcher's own data
// (src-main/core/launcher/launch-paths.ts): `npm run docs:launch-table`.
// test/unit/launcher/launch-paths.test.ts fails when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchPaths, renderLaunchTable, withLaunchTable } from '../src-main/core/launcher/launch-paths';

const readmePath = fileURLToPath(new URL('../README.md', import.meta.url));
const readme = readFileSync(readmePath, 'utf8');
const next = withLaunchTable(readme, renderLaunchTable(await launchPaths()));
if (next !== readme) {
  writeFileSync(readmePath, next);
  console.log('README.md: launch-paths table updated');
} else {
  console.log('README.md: launch-paths table up to date');
}
