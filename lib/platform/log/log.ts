import pino from 'pino';

// The one logger: JSON lines on stderr (stdout is kept for command output such as --json).
export const log = pino(
  { level: process.env.ATLAS_LOG_LEVEL ?? 'info', base: undefined },
  pino.destination({ dest: 2, sync: true }),
);
