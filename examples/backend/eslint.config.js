// How a project uses eslint-plugin-otel: TypeScript parser, the recommended preset, and settings that
// name the service's own tracer (src/telemetry.ts) and job runner (`runJob(name, fn)` in src/jobs/runner.ts).
import tsParser from '@typescript-eslint/parser';
import otel from 'eslint-plugin-otel';

export default [
  { ignores: ['dist/**'] },
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser, sourceType: 'module' },
  },
  {
    ...otel.configs.recommended,
    files: ['src/**/*.ts'],
  },
  {
    settings: {
      otel: {
        // The service's own tracer, relative to this folder: fixed files import it ('../telemetry.js').
        tracer: { from: './src/telemetry.js', name: 'tracer' },
        // `runJob('invoice-reminders', async () => { … })`: argument 1 is the handler, argument 0 its name.
        jobRunners: [{ name: 'runJob', handlerArg: 1, nameArg: 0 }],
        // `import { logger } from '../logger.js'`: the service's pino logger (src/logger.ts).
        loggers: [{ name: 'logger', library: 'pino' }],
      },
    },
  },
];
