import { pool } from '../db/pool.js';
import { logger } from '../logger.js';
import { sendSms } from '../notifications/sms.js';
import { runJob } from './runner.js';

interface OverdueInvoice {
  id: string;
  number: string;
  phone: string;
  amount_due: number;
  currency: string;
}

/** Every hour: text customers whose invoice is overdue and who have not been reminded in the last 3 days. */
export function startInvoiceReminders(intervalMs = 60 * 60_000): NodeJS.Timeout {
  return setInterval(() => {
    void runJob('invoice-reminders', async () => {
      const { rows } = await pool.query<OverdueInvoice>(
        `SELECT i.id, i.number, c.phone, i.amount_due, i.currency
           FROM invoices i JOIN customers c ON c.id = i.customer_id
          WHERE i.status = 'open' AND i.due_at < now()
            AND (i.reminded_at IS NULL OR i.reminded_at < now() - interval '3 days')
          LIMIT 200`,
      );
      for (const invoice of rows) {
        const amount = (invoice.amount_due / 100).toFixed(2);
        await sendSms(invoice.phone, `Invoice ${invoice.number} (${amount} ${invoice.currency}) is overdue.`);
        await pool.query('UPDATE invoices SET reminded_at = now() WHERE id = $1', [invoice.id]);
      }
      logger.info({ reminded: rows.length }, 'invoice reminders sent');
      return rows.length;
    });
  }, intervalMs);
}
