// Already instrumented: the job runs inside an active span that always ends, its logs carry the job and
// trace ids, and the outgoing webhook carries the W3C trace context. eslint-plugin-otel stays silent here.
import { context, propagation, SpanStatusCode } from '@opentelemetry/api';
import { Worker } from 'bullmq';

import { redisConnection } from '../config.js';
import { logger } from '../logger.js';
import { sign } from '../outbox/signature.js';
import { tracer } from '../telemetry.js';

export interface ReplayJobData {
  messageId: string;
  url: string;
  secret: string;
  payload: unknown;
}

export const webhookReplayWorker = new Worker<ReplayJobData>(
  'webhook-replays',
  async (job) =>
    tracer.startActiveSpan(
      `job ${job.name}`,
      {
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': job.queueName,
          'messaging.message.id': job.id,
        },
      },
      async (span) => {
        const log = logger.child({ job_id: job.id, trace_id: span.spanContext().traceId });
        try {
          const body = JSON.stringify({ id: job.data.messageId, data: job.data.payload });
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            'x-signature': sign(body, job.data.secret),
          };
          propagation.inject(context.active(), headers);

          const response = await fetch(job.data.url, { method: 'POST', headers, body });
          if (!response.ok) {
            throw new Error(`webhook replay answered ${response.status}`);
          }
          log.info({ status: response.status }, 'webhook replayed');
        } catch (e) {
          span.recordException(e as Error);
          span.setStatus({ code: SpanStatusCode.ERROR });
          log.error({ err: e }, 'webhook replay failed');
          throw e;
        } finally {
          span.end();
        }
      },
    ),
  { connection: redisConnection, concurrency: 2 },
);
