import sgMail from '@sendgrid/mail';
import { Worker } from 'bullmq';

import { EMAIL_FROM, redisConnection } from '../config.js';
import { pool } from '../db/pool.js';
import { logger } from '../logger.js';

sgMail.setApiKey(process.env.SENDGRID_API_KEY ?? '');

export interface EmailJobData {
  userId: string;
  template: 'welcome' | 'receipt' | 'password-reset';
  subject: string;
  html: string;
}

export const emailWorker = new Worker<EmailJobData>(
  'emails',
  async (job) => {
    const { rows } = await pool.query<{ email: string; locale: string }>(
      'SELECT email, locale FROM users WHERE id = $1',
      [job.data.userId],
    );
    const user = rows[0];
    if (!user) {
      logger.warn({ userId: job.data.userId }, 'email skipped: unknown user');
      return;
    }

    await sgMail.send({
      to: user.email,
      from: EMAIL_FROM,
      subject: job.data.subject,
      html: job.data.html,
      categories: [job.data.template],
    });
    logger.info({ template: job.data.template }, 'email sent');
  },
  { connection: redisConnection, concurrency: 5 },
);

emailWorker.on('failed', (job, err) => {
  logger.error({ err, template: job?.data.template }, 'email job failed');
});
