/**
 * Fixtures for lab tests: real nftables, knockd, sshd, vsftpd and TCP wrappers
 * inside the network namespace that test/lab/run-in-lab.mjs creates. Every
 * daemon here listens on, and every rule matches, the namespace's loopback only.
 *
 * Tests register `afterAll(stopAll)`; children are also killed on process exit.
 */
export * from './lab-core';
export * from './firewall';
export * from './knockd';
export * from './servers';
