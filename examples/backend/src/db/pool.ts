import { Pool } from 'pg';

import { logger } from '../logger.js';

export const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });

pool.on('error', (err) => {
  logger.error({ err }, 'idle postgres client failed');
});
