/**
 * With typed linting on, provider clients created in another module (`import { payments } from
 * './providers.js'`) are recognised by their declared SDK type; without type information the same code is
 * silent (the rule never guesses from a name).
 */
import { RuleTester } from '@typescript-eslint/rule-tester';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

import rule from '../../lib/rules/require-provider-trace-id.js';
import { createRuleTester } from '../rule-tester.js';
import { fieldEntry, HELPER, IMPORT } from './provider-trace-id.shared.js';

const tsconfigRootDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/typed');

const typed = new RuleTester({ languageOptions: { parserOptions: { project: './tsconfig.json', tsconfigRootDir } } });

const code = `import { payments } from './providers.js';

export async function charge(amount: number) {
  return payments.charges.create({ amount, currency: 'usd' });
}
`;

describe('require-provider-trace-id with typed linting', () => {
  typed.run('require-provider-trace-id (typed)', rule, {
    valid: [
      {
        name: 'a read on the typed client',
        filename: 'file.ts',
        code: `import { payments } from './providers.js';
export const read = (id: string) => payments.charges.retrieve(id);
`,
      },
    ],
    invalid: [
      {
        name: 'a Stripe client imported from another module, known by its type',
        filename: 'file.ts',
        code,
        output: `import { payments } from './providers.js';
${IMPORT}

${HELPER}

export async function charge(amount: number) {
  return payments.charges.create({ amount, currency: 'usd', ${fieldEntry('metadata')} });
}
`,
        errors: [{ messageId: 'missingTraceId', line: 4, column: 10, endLine: 4, endColumn: 33 }],
      },
      {
        name: 'the SendGrid singleton re-exported by another module, known by its type',
        filename: 'file.ts',
        code: `import { mailer } from './providers.js';
export const send = (to: string) => mailer.send({ to, from: 'a@b.c', subject: 's', text: 't' });
`,
        output: `import { mailer } from './providers.js';
${IMPORT}

${HELPER}

export const send = (to: string) => mailer.send({ to, from: 'a@b.c', subject: 's', text: 't', ${fieldEntry('customArgs')} });
`,
        errors: [{ messageId: 'missingTraceId', line: 2, column: 37, endLine: 2, endColumn: 48 }],
      },
    ],
  });

  createRuleTester().run('require-provider-trace-id (untyped)', rule, {
    valid: [{ name: 'the same code without type information is silent', code }],
    invalid: [],
  });
});
