import { exitCodes, type CliCommand } from '../io';

// Placeholder until the feature lands; replaced by the real command.
export const secretCommand: CliCommand = {
  name: 'secret',
  summary: '(not available yet)',
  run: async (_argv, io) => {
    io.err('sesame secret: not available in this build yet.\n');
    return exitCodes.failure;
  },
};
