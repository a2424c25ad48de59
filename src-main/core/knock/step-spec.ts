import type { KnockStep, Protocol } from '../../contract/schemas/common';

/** A step written the way the classic `knock` client takes it: `7000`, `8000:udp`. */
export class StepSpecError extends Error {
  override readonly name = 'StepSpecError';
}

export function parseStepSpec(spec: string, defaultProtocol: Protocol = 'tcp'): KnockStep {
  const match = /^(\d{1,5})(?::([A-Za-z]+))?$/.exec(spec.trim());
  if (!match) throw new StepSpecError(`"${spec}" is not PORT or PORT:tcp / PORT:udp`);
  const port = Number(match[1]);
  if (port < 1 || port > 65535) throw new StepSpecError(`port ${port} in "${spec}" is out of range (1-65535)`);
  const protocol = match[2]?.toLowerCase() ?? defaultProtocol;
  if (protocol !== 'tcp' && protocol !== 'udp') throw new StepSpecError(`"${match[2]}" in "${spec}" is not tcp or udp`);
  return { port, protocol };
}

/** Writes a step back in the same syntax (round-trips with {@link parseStepSpec}). */
export function formatStepSpec(step: Pick<KnockStep, 'port' | 'protocol'>): string {
  return `${step.port}:${step.protocol}`;
}
