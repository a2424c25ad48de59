import { contractError } from '../../contract/error-codes';
import { missingForConnect } from '../../contract/features/profile-facts';
import type { Profile } from '../../contract/features/profiles';
import type { BannerExpect, ServiceKind } from '../../contract/schemas/common';
import type { KnockTarget } from './handlers';

/** Which banner proves the service answers: SSH servers say "SSH-", FTP servers "220". */
export function bannerFor(kind: ServiceKind): BannerExpect {
  return kind === 'ftp' ? 'ftp' : kind === 'custom' ? 'none' : 'ssh';
}

/** A profile's door as the knock engine needs it; refuses drafts, naming the fields to fill in. */
export function knockTargetOf(profile: Profile): KnockTarget {
  const missing = missingForConnect(profile);
  if (missing.length > 0 || !profile.host || !profile.knock) {
    throw contractError('INVALID_INPUT', `Profile "${profile.name}" is not complete: ${missing.join('; ')}`, {
      issues: missing.map((m) => ({ path: m.split(':')[0], message: m.slice(m.indexOf(':') + 1).trim() })),
    });
  }
  return {
    host: profile.host,
    family: profile.addressFamily,
    steps: profile.knock.steps,
    delayMs: profile.knock.delayMs,
    guardedPort: profile.service.port,
    timeoutMs: profile.openTimeoutMs,
    expect: bannerFor(profile.service.kind),
  };
}
