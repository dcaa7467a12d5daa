/**
 * A generated module with hundreds of findings: fixes that would each copy most of the file (a new import at
 * the top, the handler far below) are capped per file, and `eslint --fix` still converges.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';

function source(n: number): string {
  const lines = ["import { Worker } from 'bullmq';", ''];
  for (let i = 0; i < n; i++) {
    lines.push(`new Worker('q${i}', async (job) => { await fetch(job.data.webhookUrl, { method: 'POST', body: JSON.stringify(job.data) }); });`);
  }
  return `${lines.join('\n')}\n`;
}

const config: Linter.Config[] = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tsParser },
    plugins: { otel: plugin as never },
    rules: { 'otel/require-job-span': 'error', 'otel/require-trace-propagation': 'error' },
    settings: { otel: { tracerName: 'budget', checkApiDependency: false } },
  },
];

describe('fix span budget per file', () => {
  it('a small file: every finding has its own fix', () => {
    const messages = new Linter({ configType: 'flat' }).verify(source(5), config, 'small.ts');
    expect(messages).toHaveLength(10);
    expect(messages.every((m) => m.fix)).toBe(true);
  });

  it('a generated file: wide fixes stop at the budget, their total span stays within it', () => {
    const code = source(300);
    const messages = new Linter({ configType: 'flat' }).verify(code, config, 'many.ts');
    expect(messages).toHaveLength(600);
    const withFix = messages.filter((m) => m.fix);
    expect(messages[0]!.fix).toBeDefined();
    expect(withFix.length).toBeGreaterThan(0);
    expect(withFix.length).toBeLessThan(messages.length);
    // Local fixes (up to 4 KiB) are free; the wide ones share the file's budget.
    const wide = withFix.map((m) => m.fix!.range[1] - m.fix!.range[0]).filter((span) => span > 4096);
    expect(wide.length).toBeGreaterThan(0);
    expect(wide.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(4 * code.length + (1 << 20));
  });

  it('eslint --fix still converges: nothing left, code parses, one tracer and one import', () => {
    const linter = new Linter({ configType: 'flat' });
    const { output, messages, fixed } = linter.verifyAndFix(source(300), config, 'many.ts');
    expect(fixed).toBe(true);
    expect(messages).toEqual([]);
    expect(output.match(/getTracer\(/g)).toHaveLength(1);
    expect(output.match(/from '@opentelemetry\/api'/g)).toHaveLength(1);
    expect(output.match(/startActiveSpan\(/g)).toHaveLength(300);
    expect(output.match(/propagation\.inject\(/g)).toHaveLength(300);
  });
});
