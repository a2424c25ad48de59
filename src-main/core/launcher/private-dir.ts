import { chmod, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A fresh directory only this user can enter (0700), for the few files a
 * launch needs: PuTTY's password file, the askpass wrapper, a macOS launch
 * script. On Windows the mode bits mean nothing; a directory under the user's
 * %TEMP% inherits the profile's ACL (the user, SYSTEM, Administrators).
 */
export interface PrivateDir {
  readonly path: string;
  /** Creates `name` (never overwrites) with `mode`, returns its path. */
  write(name: string, content: string, mode: number): Promise<string>;
  removeFile(name: string): Promise<void>;
  remove(): Promise<void>;
}

export type PrivateDirFactory = ((prefix: string) => Promise<PrivateDir>) & {
  /** The parent folder (for a dry run's description of where files would go). */
  root?: string;
};

export function privateDirFactory(tmpDir: string, platform: NodeJS.Platform): PrivateDirFactory {
  const factory: PrivateDirFactory = async (prefix) => {
    const path = await mkdtemp(join(tmpDir, prefix));
    if (platform !== 'win32') {
      await chmod(path, 0o700);
      const mode = (await stat(path)).mode & 0o777;
      if (mode !== 0o700) {
        await rm(path, { recursive: true, force: true });
        throw new Error(`${path} has mode ${mode.toString(8)}, expected 700`);
      }
    }
    let removed = false;
    return {
      path,
      async write(name, content, mode) {
        if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`bad private file name ${name}`);
        const file = join(path, name);
        // "wx": fail rather than follow something planted at that name.
        await writeFile(file, content, { mode, flag: 'wx' });
        return file;
      },
      async removeFile(name) {
        // Windows refuses to delete a file another process holds open; rm retries EBUSY/EPERM.
        await rm(join(path, name), { force: true, maxRetries: 5, retryDelay: 200 });
      },
      async remove() {
        if (removed) return;
        removed = true;
        await rm(path, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
      },
    };
  };
  factory.root = tmpDir;
  return factory;
}
