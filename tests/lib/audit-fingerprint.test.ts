import { parse } from '@typescript-eslint/parser';
import { describe, expect, it } from 'vitest';

import { enclosingNames, fingerprintFindings, normaliseSnippet } from '../../lib/audit/fingerprint.js';

const CODE = `export class OutboxDispatcher {
  async deliver(url: string) {
    await fetch(url, { method: 'POST' });
  }
}
export const handlers = {
  retry: async (url: string) => {
    await fetch(url);
  },
};
`;

function finding(line: number, column: number, endColumn: number) {
  return { rule: 'require-trace-propagation', file: 'outbox.ts', line, column, endLine: line, endColumn, message: 'fetch delivers a webhook', fingerprint: '' };
}

describe('baseline fingerprints', () => {
  it('names the declarations around the reported code, outermost first', () => {
    const program = parse(CODE, { range: true }) as unknown as Parameters<typeof enclosingNames>[0];
    const at = (needle: string, nth = 0) => {
      let index = -1;
      for (let i = 0; i <= nth; i++) index = CODE.indexOf(needle, index + 1);
      return [index, index + needle.length] as const;
    };
    expect(enclosingNames(program, ...at('fetch'))).toEqual(['OutboxDispatcher', 'deliver']);
    expect(enclosingNames(program, ...at('fetch', 1))).toEqual(['handlers', 'retry']);
  });

  it('normalises formatting away', () => {
    expect(normaliseSnippet('async ( job ) =>\n  {')).toBe(normaliseSnippet('async (job) => {'));
    expect(normaliseSnippet('fetch("a", { b: 1, })')).toBe(normaliseSnippet("fetch('a', { b: 1 })"));
  });

  it('tells apart the same message in two functions, and keeps them when lines shift', () => {
    const two = [finding(3, 11, 16), finding(8, 11, 16)];
    fingerprintFindings(two, () => CODE);
    expect(two[0]!.fingerprint).not.toBe(two[1]!.fingerprint);
    expect(two.every((f) => f.fingerprint.endsWith(':0'))).toBe(true);
    const shifted = [finding(5, 11, 16), finding(10, 11, 16)];
    fingerprintFindings(shifted, () => `// one\n// two\n${CODE}`);
    expect(shifted.map((f) => f.fingerprint)).toEqual(two.map((f) => f.fingerprint));
  });
});
