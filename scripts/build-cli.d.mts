import type { Metafile } from 'esbuild';

export declare const cliOutDir: string;
export declare const buildInfoFile: string;
export interface CliBuildInfo {
  startedAt: number;
  inputs: string[];
}
export declare function buildCli(options?: { root?: string }): Promise<{ outdir: string; info: CliBuildInfo; metafile: Metafile }>;
export declare function staleReason(options?: { root?: string }): string | undefined;
export declare function ensureCliBuilt(options?: { root?: string; onBuild?: (reason: string) => void }): Promise<boolean>;
