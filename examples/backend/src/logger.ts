import { pino } from 'pino';

export type { Logger } from 'pino';

export const logger = pino({
  level: process.env.LOG_LEVEL ?? 'info',
  base: { service: 'billing-backend' },
  redact: ['*.authorization', '*.secret'],
});
