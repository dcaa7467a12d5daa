import type { Pool } from 'pg';

import { logger } from '../logger.js';
import { sign } from './signature.js';

export interface Subscription {
  id: string;
  url: string;
  secret: string;
}

interface PendingMessage {
  id: string;
  event_type: string;
  payload: unknown;
  attempts: number;
  subscription_id: string;
  url: string;
  secret: string;
}

/** Polls the transactional outbox and delivers each message to its webhook subscription. */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: Pool,
    private readonly batchSize = 50,
  ) {}

  start(intervalMs = 5_000): void {
    this.timer = setInterval(() => {
      this.tick().catch((err: unknown) => logger.error({ err }, 'outbox tick failed'));
    }, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async tick(): Promise<void> {
    const { rows } = await this.pool.query<PendingMessage>(
      `SELECT m.id, m.event_type, m.payload, m.attempts, m.subscription_id, s.url, s.secret
         FROM outbox_messages m JOIN webhook_subscriptions s ON s.id = m.subscription_id
        WHERE m.delivered_at IS NULL AND m.attempts < 10
        ORDER BY m.created_at
        LIMIT $1`,
      [this.batchSize],
    );

    for (const message of rows) {
      const subscription: Subscription = { id: message.subscription_id, url: message.url, secret: message.secret };
      try {
        await this.deliver(message, subscription);
        await this.pool.query('UPDATE outbox_messages SET delivered_at = now() WHERE id = $1', [message.id]);
      } catch (err) {
        logger.warn({ err, messageId: message.id, attempts: message.attempts + 1 }, 'webhook delivery failed');
        await this.pool.query('UPDATE outbox_messages SET attempts = attempts + 1 WHERE id = $1', [message.id]);
      }
    }
  }

  private async deliver(message: PendingMessage, subscription: Subscription): Promise<void> {
    const body = JSON.stringify({ id: message.id, type: message.event_type, data: message.payload });
    const signature = sign(body, subscription.secret);

    const response = await fetch(subscription.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-signature': signature },
      body,
    });
    if (!response.ok) {
      throw new Error(`webhook ${subscription.id} answered ${response.status}`);
    }
  }
}

/** One-off delivery used by the admin API's "send test event" button. */
export async function deliverWebhook(subscription: Subscription, event: { type: string; data: unknown }): Promise<number> {
  const body = JSON.stringify({ id: `evt_test_${Date.now()}`, type: event.type, data: event.data });
  const response = await fetch(subscription.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-signature': sign(body, subscription.secret) },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  return response.status;
}
