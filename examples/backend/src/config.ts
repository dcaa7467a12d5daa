import type { ConnectionOptions } from 'bullmq';

/** Redis used by the BullMQ queues and workers. */
export const redisConnection: ConnectionOptions = {
  host: process.env.REDIS_HOST ?? 'localhost',
  port: Number(process.env.REDIS_PORT ?? 6379),
  maxRetriesPerRequest: null,
};

export const EMAIL_FROM = process.env.EMAIL_FROM ?? 'billing@example.com';
