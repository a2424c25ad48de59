import { exitCodes, type CliCommand } from '../io';

// Placeholder until the feature lands; replaced by the real command.
export const knockCommand: CliCommand = {
  name: 'knock',
  summary: '(not available yet)',
  run: async (_argv, io) => {
    io.err('sesame knock: not available in this build yet.\n');
    return exitCodes.failure;
  },
};
