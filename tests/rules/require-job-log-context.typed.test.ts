/**
 * With typed linting on, loggers created in another module (`import { logger } from './loggers.js'`) are
 * recognised by their declared library type; without type information the same code is silent.
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import rule from '../../lib/rules/require-job-log-context.js';
import { createRuleTester, TRACER_NAME } from '../rule-tester.js';

const tsconfigRootDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');

const typed = new RuleTester({
  languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir } },
  settings: { otel: { tracerName: TRACER_NAME } },
});

const worker = `import { Worker } from 'bullmq';
import { audit, logger } from './loggers.js';

new Worker('emails', async (job) => {
  logger.info('sending');
  audit.info('sent');
});
`;

typed.run('require-job-log-context (typed)', rule, {
  valid: [],
  invalid: [
    {
      name: 'pino and winston loggers imported from another module, known by their types',
      code: worker,
      filename: 'file.ts',
      output: `import { Worker } from 'bullmq';
import { audit, logger } from './loggers.js';
import { trace } from '@opentelemetry/api';

new Worker('emails', async (job) => {
  const log = logger.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  const log2 = audit.child({ job_id: job.id, job_name: job.name, trace_id: trace.getActiveSpan()?.spanContext().traceId });
  log.info('sending');
  log2.info('sent');
});
`,
      errors: [{ messageId: 'missingContext', data: { logger: 'pino', job: "BullMQ job 'emails'", missing: 'job id and trace id' }, line: 5, column: 3, endLine: 5, endColumn: 14 }],
    },
  ],
});

createRuleTester().run('require-job-log-context (untyped: never guesses)', rule, {
  valid: [{ name: 'the same code without type information', code: worker }],
  invalid: [],
});
