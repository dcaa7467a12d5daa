import { pool } from './db/pool.js';
import { emailWorker } from './jobs/email.worker.js';
import { startInvoiceReminders } from './jobs/invoice-reminders.job.js';
import { retentionTask } from './jobs/retention.cron.js';
import { logger } from './logger.js';
import { OutboxDispatcher } from './outbox/dispatcher.js';
import { webhookReplayWorker } from './webhooks/replay.worker.js';

const dispatcher = new OutboxDispatcher(pool);
dispatcher.start();
const reminders = startInvoiceReminders();

logger.info('billing workers started');

process.once('SIGTERM', () => {
  clearInterval(reminders);
  dispatcher.stop();
  void Promise.all([emailWorker.close(), webhookReplayWorker.close(), retentionTask.stop()])
    .then(() => pool.end())
    .then(() => process.exit(0));
});
