import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { it } from 'vitest';
import { readFileSync } from 'node:fs';
import plugin from '../../index.js';

it('scratch', () => {
  const code = readFileSync('/tmp/prov/in.ts', 'utf8');
  const linter = new Linter();
  const config = [{ files: ['**/*.ts'], languageOptions: { parser: tsParser }, plugins: { otel: plugin as never }, rules: { 'otel/require-provider-trace-id': 'error' }, settings: { otel: { checkApiDependency: false } } }] as never;
  const msgs = linter.verify(code, config, 'src/x.ts');
  console.log(JSON.stringify(msgs.map((m) => [m.line, m.column, m.message, m.suggestions?.length]), null, 1));
  const out = linter.verifyAndFix(code, config, 'src/x.ts');
  console.log(out.output);
});
