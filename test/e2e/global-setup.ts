import { ensureBuild } from '../support/build';

/** Rebuilds when out/ is missing or older than any source, so a lone e2e run never tests a stale renderer. */
export default function globalSetup(): void {
  ensureBuild();
}
