#!/usr/bin/env node
// Validates electron-builder.yml with electron-builder's own schema (offline: no
// Electron download happens before validation), then checks that everything the
// config points at exists. With an Electron build at ELECTRON_OVERRIDE_DIST_PATH,
// `--dir` additionally packs a runnable unpacked app.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
// Internal modules of electron-builder: there is no public "validate only" entry point.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { load } = require('js-yaml');

const root = new URL('..', import.meta.url).pathname;
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
const problems = [];
try {
  await validateConfiguration(config, { isEnabled: false, add() {} });
} catch (error) {
  problems.push(error.message);
}
const mustExist = [config.win?.icon, config.mac?.icon, config.linux?.icon, ...(config.fileAssociations ?? []).map((f) => f.icon)];
for (const path of mustExist.filter(Boolean)) if (!existsSync(join(root, path))) problems.push(`missing file referenced by the config: ${path}`);
if (!config.protocols?.some((p) => p.schemes?.includes('sesame'))) problems.push('the sesame:// protocol is not declared');
if (!config.fileAssociations?.some((f) => f.ext === 'sesame')) problems.push('the .sesame file association is not declared');
// The fuses that cost nothing must stay flipped (README, Security).
const fuses = config.electronFuses ?? {};
const wanted = {
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
for (const [fuse, value] of Object.entries(wanted)) if (fuses[fuse] !== value) problems.push(`electronFuses.${fuse} must be ${value}`);

if (problems.length) {
  console.error(`electron-builder.yml is invalid:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('electron-builder.yml: valid (schema, icons, protocol, file association, fuses)');

const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH;
if (process.argv.includes('--dir') && dist) {
  const run = spawnSync('npx', ['electron-builder', '--dir', '--linux', `-c.electronDist=${dist}`], { cwd: root, stdio: 'inherit' });
  process.exit(run.status ?? 1);
}
