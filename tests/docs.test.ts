/**
 * The ❌/✅ examples of every rule's doc page are linted with that rule: each ❌ block must be reported,
 * each ✅ block must pass, and every doc page names its rule and links its sources.
 */
import { Linter } from 'eslint';
import tsParser from '@typescript-eslint/parser';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import plugin from '../index.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Example {
  kind: 'bad' | 'good';
  code: string;
  line: number;
}

function examples(markdown: string): Example[] {
  const out: Example[] = [];
  let kind: Example['kind'] | undefined;
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^#{2,4} /.test(line)) kind = line.includes('❌') ? 'bad' : line.includes('✅') ? 'good' : undefined;
    if (kind && /^```(ts|js|typescript|javascript)\s*$/.test(line)) {
      const start = i + 1;
      let end = start;
      while (end < lines.length && lines[end] !== '```') end++;
      out.push({ kind, code: lines.slice(start, end).join('\n'), line: start + 1 });
      i = end;
    }
  }
  return out;
}

describe.each(Object.keys(plugin.rules))('docs/rules/%s.md', (name) => {
  const markdown = readFileSync(path.join(root, 'docs/rules', `${name}.md`), 'utf8');
  const found = examples(markdown);

  it('has ❌ and ✅ examples', () => {
    expect(found.some((e) => e.kind === 'bad')).toBe(true);
    expect(found.some((e) => e.kind === 'good')).toBe(true);
  });

  it('has Options, Known limitations and When not to use it sections', () => {
    expect(markdown).toMatch(/^## Options$/m);
    expect(markdown).toMatch(/^## Known limitations$/m);
    expect(markdown).toMatch(/^## When not to use it$/m);
  });

  it.each(found.map((e) => [`${e.kind === 'bad' ? '❌' : '✅'} example at line ${e.line}`, e] as const))('%s', (_title, example) => {
    const linter = new Linter();
    const messages = linter.verify(
      example.code,
      [
        {
          files: ['**/*.ts'],
          languageOptions: { parser: tsParser },
          plugins: { otel: plugin as never },
          rules: { [`otel/${name}`]: 'error' },
          settings: { otel: { tracerName: 'docs' } },
        },
      ],
      'src/example.ts',
    );
    expect(messages.filter((m) => m.fatal)).toEqual([]);
    const reported = messages.filter((m) => m.ruleId === `otel/${name}`);
    if (example.kind === 'bad') expect(reported.length).toBeGreaterThan(0);
    else expect(reported).toEqual([]);
  });
});
