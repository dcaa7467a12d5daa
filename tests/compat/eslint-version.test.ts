// Guards the ESLint-compatibility run (scripts/test-eslint9.mjs): the ESLint that the rule tester really
// loads must be the major the run claims to test. Without EXPECT_ESLINT_MAJOR (plain `npm test`) it checks
// the major of the `eslint` devDependency instead.
import { createRequire } from 'node:module';

import { ESLint, Linter } from 'eslint';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

function expectedMajor(): string {
  if (process.env.EXPECT_ESLINT_MAJOR) return process.env.EXPECT_ESLINT_MAJOR;
  const pkg = require('../../package.json') as { devDependencies: Record<string, string> };
  const match = /(\d+)/.exec(pkg.devDependencies.eslint);
  if (!match) throw new Error(`cannot read the eslint major from "${pkg.devDependencies.eslint}"`);
  return match[1];
}

describe('ESLint under test', () => {
  const major = expectedMajor();

  it(`is ESLint ${major} when imported by the tests`, () => {
    expect(ESLint.version.split('.')[0]).toBe(major);
    expect(Linter.version.split('.')[0]).toBe(major);
  });

  it(`is ESLint ${major} when loaded by @typescript-eslint/rule-tester`, () => {
    const fromRuleTester = createRequire(require.resolve('@typescript-eslint/rule-tester'));
    const pkg = fromRuleTester('eslint/package.json') as { name: string; version: string };
    expect(pkg.name).toBe('eslint');
    expect(pkg.version.split('.')[0]).toBe(major);
  });
});
