declare const __SESAME_BUILD__: string | undefined;

/**
 * This build's identity, set by scripts/build-cli.mjs (a new one on every
 * build). What the CLI remembers between processes of what its code made of a
 * file (parse memos) is only valid for the build that made it. Undefined when
 * run from the sources (tsx, vitest): then nothing is remembered.
 */
export function cliBuildId(): string | undefined {
  return typeof __SESAME_BUILD__ === 'string' ? __SESAME_BUILD__ : undefined;
}
