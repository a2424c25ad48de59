#!/usr/bin/env node
// Makes sure the commands the lab suite drives exist, installing the Debian
// packages that provide them when we are root (a fresh CI machine has none).
// Plain Node, no dependencies: it runs before `npm ci` may have finished.
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Command → Debian 12 package that ships it. */
export const TOOL_PACKAGES = Object.freeze({
  knockd: 'knockd',
  knock: 'knockd', // the client ships in the same package
  nft: 'nftables',
  sshd: 'openssh-server',
  ssh: 'openssh-client',
  'ssh-keygen': 'openssh-client',
  vsftpd: 'vsftpd',
  'gnome-keyring-daemon': 'gnome-keyring',
  'dbus-run-session': 'dbus',
  'secret-tool': 'libsecret-tools',
  chromium: 'chromium',
  lftp: 'lftp',
  tcpdump: 'tcpdump',
  ip: 'iproute2',
  ss: 'iproute2',
  pgrep: 'procps',
  'xvfb-run': 'xvfb',
  tmux: 'tmux',
  // Windowed clients and terminals under Xvfb (test/lab/desktop.ts, test/integration/launch-*.test.ts).
  Xvfb: 'xvfb',
  'dbus-daemon': 'dbus',
  xdotool: 'xdotool',
  xclip: 'xclip',
  import: 'imagemagick',
  xterm: 'xterm',
  'gnome-terminal': 'gnome-terminal',
  konsole: 'konsole',
  putty: 'putty',
  plink: 'putty-tools',
  puttygen: 'putty-tools',
  filezilla: 'filezilla',
  fwknopd: 'fwknop-server',
  fwknop: 'fwknop-client',
  // fwknopd's firewall back end on Debian (iptables-nft: its rules land in the lab namespace's nftables).
  iptables: 'iptables',
  // The server kit's iptables variants (test/integration/server-kit.test.ts).
  'iptables-restore': 'iptables',
  'ip6tables-restore': 'iptables',
  // Tools that run through `sesame proxy` (test/integration/proxy.test.ts).
  scp: 'openssh-client',
  sftp: 'openssh-client',
  rsync: 'rsync',
  git: 'git',
  // The baseline `ProxyCommand nc %h %p` of npm run bench:proxy.
  nc: 'netcat-openbsd',
  // Compiles the Windows installer's PATH include (test/unit/cli/packaging.test.ts).
  makensis: 'nsis',
});

// sbin directories are often missing from a non-root PATH, yet that is where
// knockd, sshd, nft and ip live; look there too so the check is not fooled.
const SEARCH_DIRS = [
  ...(process.env.PATH ?? '').split(delimiter).filter(Boolean),
  '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin',
];

/** Absolute path of an executable command, or null. */
export function whichTool(command) {
  for (const dir of SEARCH_DIRS) {
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** Files (not commands) the suite needs → the package that ships them. */
export const FILE_PACKAGES = Object.freeze({
  // Korean text in the Chromium screenshots renders as empty boxes without a CJK font.
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc': 'fonts-noto-cjk',
});

/** Commands from TOOL_PACKAGES (and files from FILE_PACKAGES) that are not installed. */
export function missingTools() {
  const files = Object.keys(FILE_PACKAGES).filter((path) => {
    try {
      accessSync(path, constants.R_OK);
      return false;
    } catch {
      return true;
    }
  });
  return [...Object.keys(TOOL_PACKAGES).filter((command) => whichTool(command) === null), ...files];
}

const packageOf = (missing) => TOOL_PACKAGES[missing] ?? FILE_PACKAGES[missing];

function aptCommand(packages) {
  return `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/**
 * Checks the lab's tools; installs what is missing when `install` is true and
 * we are root. Returns the packages it installed (empty when nothing was
 * missing). Throws with the exact apt-get command when it cannot install.
 * @param {{ install: boolean }} options
 * @returns {string[]}
 */
export function ensureTools({ install }) {
  const missing = missingTools();
  if (missing.length === 0) return [];
  const packages = [...new Set(missing.map(packageOf))].sort();
  const isRoot = process.getuid?.() === 0;
  if (!install || !isRoot) {
    throw new Error(
      `Lab tools missing: ${missing.join(', ')}.\nInstall them as root with:\n  ${aptCommand(packages)}`,
    );
  }
  console.log(`ensure-tools: installing ${packages.join(' ')} (for ${missing.join(', ')})`);
  execFileSync('apt-get', ['update'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...packages], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const still = missingTools();
  if (still.length > 0) throw new Error(`ensure-tools: still missing after install: ${still.join(', ')}`);
  // Debian starts freshly installed daemons; the lab runs its own copies in a
  // namespace, and a host-wide knockd/sshd/vsftpd would only be noise.
  for (const [unit, pkg] of [['knockd', 'knockd'], ['vsftpd', 'vsftpd'], ['ssh', 'openssh-server'], ['fwknop-server', 'fwknop-server']]) {
    if (packages.includes(pkg)) spawnSync('systemctl', ['disable', '--now', unit], { stdio: 'ignore' });
  }
  console.log(`ensure-tools: installed ${packages.join(' ')}`);
  return packages;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const installed = ensureTools({ install: true });
    if (installed.length === 0) console.log('ensure-tools: all lab tools present');
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
