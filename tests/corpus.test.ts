// Lints real third-party backend code (the pinned corpus in bench/corpus, see
// bench/README.md) with every plugin rule and `fix: true` in memory, and checks
// that no rule crashes, no file ends with a fatal message, and every fixed
// output still parses with the same parser options.
//
// The corpus is installed on demand (npm ci of bench/corpus, a few seconds);
// this test never skips.
import { readFileSync } from 'node:fs';
import path from 'node:path';

import tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

import { CORPUS_MODULES, ensureCorpus, listCorpusFiles, sampleFiles, sourceTypeOf } from '../scripts/corpus.mjs';
import plugin from '../index.js';

/** Upper bound of files linted, to keep the test well under a minute on 2 cores. */
const MAX_FILES = 1500;

type SourceType = 'module' | 'commonjs';

interface Failure {
  file: string;
  problem: string;
}

let files: string[] = [];

beforeAll(() => {
  ensureCorpus({ log: (msg: string) => console.log(msg) });
  files = sampleFiles(listCorpusFiles(), MAX_FILES);
}, 300_000);

function makeESLint(sourceType: SourceType): ESLint {
  return new ESLint({
    cwd: CORPUS_MODULES,
    overrideConfigFile: true,
    overrideConfig: [
      {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs', '**/*.ts', '**/*.mts', '**/*.cts'],
        languageOptions: { parser: tsParser, ecmaVersion: 'latest', sourceType },
        linterOptions: { reportUnusedDisableDirectives: 'off', reportUnusedInlineConfigs: 'off' },
      },
      plugin.configs.all as never,
      // Third-party packages do not list @opentelemetry/api: exercise the autofixes anyway.
      { settings: { otel: { checkApiDependency: false } } },
    ],
    ignore: false,
    fix: true,
  });
}

function reparse(code: string, filePath: string, sourceType: SourceType): void {
  // The options ESLint itself passes to a parser (see Linter#parse).
  tsParser.parseForESLint(code, {
    ecmaVersion: 'latest',
    sourceType,
    filePath,
    range: true,
    loc: true,
    tokens: true,
    comment: true,
  } as never);
}

describe('real-code corpus', () => {
  it('has files to lint and rules to run', () => {
    expect(files.length).toBeGreaterThan(500);
    const enabled = Object.keys(plugin.configs.all.rules ?? {});
    expect(enabled.length).toBe(Object.keys(plugin.rules).length);
    expect(enabled.length).toBeGreaterThan(0);
  });

  it('every rule runs and fixes without crashing, and every fix output re-parses', async () => {
    const eslint = { module: makeESLint('module'), commonjs: makeESLint('commonjs') };
    const failures: Failure[] = [];
    let changed = 0;
    let findings = 0;
    for (const file of files) {
      const rel = path.relative(CORPUS_MODULES, file);
      const text = readFileSync(file, 'utf8');
      const sourceType = sourceTypeOf(file, text);
      let result: ESLint.LintResult;
      try {
        [result] = await eslint[sourceType].lintText(text, { filePath: file });
      } catch (error) {
        failures.push({ file: rel, problem: `ESLint threw: ${(error as Error).message.split('\n').slice(0, 4).join(' | ')}` });
        continue;
      }
      for (const message of result.messages) {
        if (message.fatal || !message.ruleId) {
          failures.push({ file: rel, problem: `fatal ${message.line}:${message.column} ${message.message}` });
        } else if (message.ruleId.startsWith('otel/')) {
          findings++;
        }
      }
      if (typeof result.output === 'string' && result.output !== text) {
        changed++;
        try {
          reparse(result.output, file, sourceType);
        } catch (error) {
          failures.push({ file: rel, problem: `fix output does not parse: ${(error as Error).message.split('\n')[0]}` });
        }
      }
    }
    console.log(`corpus: ${files.length} files linted with fix: true, ${changed} changed, ${findings} findings left`);
    expect(failures).toEqual([]);
  }, 240_000);
});
