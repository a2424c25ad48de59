import { exitCodes, type CliCommand } from '../io';

// Placeholder until the feature lands; replaced by the real command.
export const probeCommand: CliCommand = {
  name: 'probe',
  summary: '(not available yet)',
  run: async (_argv, io) => {
    io.err('sesame probe: not available in this build yet.\n');
    return exitCodes.failure;
  },
};
