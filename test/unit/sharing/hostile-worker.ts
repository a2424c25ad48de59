// Worker thread for the hostile-corpus test: runs one input file through every
// importer (the sharing service's preview, as the app and the CLI use it) and
// reports each step, so the test can stop a step that overruns its budget.
// Bundled by the test (esbuild), like the profiles tests' child processes.
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { isContractError } from '../../../src-main/contract/errors';
import { createProfileStore } from '../../../src-main/core/profiles/profile-store';
import { createProfilesService } from '../../../src-main/core/profiles/profiles-service';
import { MemorySecretStore } from '../../../src-main/core/secrets/memory-secret-store';
import type { ImportFormat } from '../../../src-main/core/sharing/candidates';
import { createSharingService } from '../../../src-main/core/sharing/sharing-service';

export interface HostileJob {
  file: string;
  home: string;
  storeDir: string;
}

export type HostileStep = { step: string; outcome: 'ok' | 'invalid' | 'unexpected'; ms: number; message?: string; items?: number };

const { file, home, storeDir } = workerData as HostileJob;
const port = parentPort!;
const store = createProfileStore({ filePath: join(storeDir, 'profiles.json'), now: Date.now });
const secrets = new MemorySecretStore();
const profiles = createProfilesService({ store, secrets, now: Date.now });
const sharing = createSharingService({ profiles, secrets, now: Date.now, homedir: home });

const steps: { step: string; format?: ImportFormat; passphrase?: string }[] = [
  { step: 'detected' },
  { step: 'sesame', format: 'sesame' },
  { step: 'sesame+passphrase', format: 'sesame', passphrase: 'a passphrase here' },
  { step: 'sesame-profiles', format: 'sesame-profiles' },
  { step: 'knockd', format: 'knockd' },
  { step: 'ssh-config', format: 'ssh-config' },
  { step: 'filezilla', format: 'filezilla' },
  { step: 'fwknoprc', format: 'fwknoprc' },
];

for (const { step, format, passphrase } of steps) {
  port.postMessage({ started: step });
  const started = performance.now();
  let result: HostileStep;
  try {
    const token = sharing.registerImportFile(file, format);
    const preview = await sharing.preview(token, passphrase);
    result = { step, outcome: 'ok', ms: performance.now() - started, items: preview.items.length };
  } catch (error) {
    const ms = performance.now() - started;
    result = isContractError(error) && error.code === 'INVALID_INPUT'
      ? { step, outcome: 'invalid', ms, message: error.message }
      : { step, outcome: 'unexpected', ms, message: String((error as Error)?.stack ?? error) };
  }
  port.postMessage({ done: result });
}
port.postMessage({ finished: true });
