import { defineConfig } from 'vitest/config';

// Two projects: `unit` runs anywhere in plain Node; `lab` needs the network
// namespace with real knockd/sshd/vsftpd/gnome-keyring that test/lab/run-in-lab.mjs
// builds, and runs one file at a time because the files share that lab.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          // A limit, not an assertion: scrypt, real child processes and property runs take seconds on a
          // loaded 2-core machine, and vitest's 5 s default then fails tests that are right.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'lab',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
