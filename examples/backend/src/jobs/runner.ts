import { logger } from '../logger.js';

/**
 * The service's own in-process job runner: times a run, logs how it ended and never lets an error escape
 * into the timer that called it.
 */
export async function runJob<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const startedAt = performance.now();
  try {
    const result = await fn();
    logger.info({ job: name, durationMs: Math.round(performance.now() - startedAt) }, 'job finished');
    return result;
  } catch (err) {
    logger.error({ err, job: name }, 'job failed');
    return undefined;
  }
}
