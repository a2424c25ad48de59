import { isDeepStrictEqual } from 'node:util';
import type { Handlers } from '../../contract/dispatch';
import { contractError } from '../../contract/errors';
import type { ProfilesService } from '../profiles/profiles-service';

type Guarded = Pick<Handlers, 'createProfile' | 'updateProfile'>;

/**
 * A custom command is the one profile field that decides what program main
 * runs. Edits arrive from the renderer, so a compromised renderer could
 * otherwise plant `sh -c …` and have it run on the next Connect. Main asks
 * the user itself (a native dialog the page cannot click) before a new or
 * changed command is saved; an unchanged one passes. Files never carry one
 * (sharing/sesame-file.ts), and the CLI edits profiles without this path.
 */
export function guardTemplateEdits(
  handlers: Guarded,
  deps: { profiles: Pick<ProfilesService, 'get'>; confirm?: (request: { profileName: string; argv: string[] }) => Promise<boolean> },
): Guarded {
  const check = async (profileName: string, next: string[] | undefined, current: string[] | undefined): Promise<void> => {
    if (next === undefined || isDeepStrictEqual(next, current)) return;
    if (!deps.confirm) throw contractError('NOT_IMPLEMENTED', 'A custom command can only be saved where Sesame can ask you to confirm it.');
    if (!(await deps.confirm({ profileName, argv: next }))) throw contractError('CANCELLED', 'The custom command was not saved: you did not confirm it.');
  };
  return {
    createProfile: async (request) => {
      await check(request.fields.name, request.fields.customTemplate, undefined);
      return handlers.createProfile(request);
    },
    updateProfile: async (request) => {
      const current = (await deps.profiles.get(request.id)).customTemplate;
      await check(request.fields.name, request.fields.customTemplate, current);
      return handlers.updateProfile(request);
    },
  };
}
