import cron from 'node-cron';

import { pool } from '../db/pool.js';
import { logger } from '../logger.js';

const RETENTION_DAYS = Number(process.env.RETENTION_DAYS ?? 90);

/** Every night at 03:00 UTC: drop audit events and delivered outbox rows past the retention period. */
export const retentionTask = cron.schedule(
  '0 3 * * *',
  async () => {
    const auditEvents = await pool.query(
      'DELETE FROM audit_events WHERE created_at < now() - make_interval(days => $1)',
      [RETENTION_DAYS],
    );
    const outboxMessages = await pool.query(
      'DELETE FROM outbox_messages WHERE delivered_at < now() - make_interval(days => $1)',
      [RETENTION_DAYS],
    );
    logger.info(
      { auditEvents: auditEvents.rowCount, outboxMessages: outboxMessages.rowCount },
      'retention sweep finished',
    );
  },
  { name: 'retention-sweep', timezone: 'UTC', noOverlap: true },
);
