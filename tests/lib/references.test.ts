import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import type { ExportSpec } from '../../lib/detect/references.js';
import { findExportReferences, getInstanceIndex, mentionsModule } from '../../lib/detect/references.js';
import { withContext } from './source.js';

interface Found {
  text: string;
  module: string | null;
  path: string;
  invoke: string;
}

/** What `findExportReferences` finds in `code`, as source text and normalised path. */
function references(
  code: string,
  modules: readonly string[] | null,
  specs: readonly ExportSpec[],
  options: { filename?: string; sourceType?: 'module' | 'commonjs' } = {},
): Found[] {
  return withContext(
    code,
    (context) =>
      findExportReferences(context, modules, specs).map((reference) => ({
        text: context.sourceCode.getText(reference.node),
        module: reference.module,
        path: reference.path.join('.'),
        invoke: reference.invoke,
      })),
    options,
  );
}

const WORKER: ExportSpec[] = [{ path: ['Worker'], invoke: 'construct' }];

describe('findExportReferences: ESM', () => {
  it('named import', () => {
    expect(references(`import { Worker } from 'bullmq';\nnew Worker('q', fn);\n`, ['bullmq'], WORKER)).toEqual([
      { text: "new Worker('q', fn)", module: 'bullmq', path: 'Worker', invoke: 'construct' },
    ]);
  });

  it('aliased named import', () => {
    expect(references(`import { Worker as W } from 'bullmq';\nnew W('q', fn);\n`, ['bullmq'], WORKER)).toHaveLength(1);
  });

  it('namespace import', () => {
    expect(references(`import * as bullmq from 'bullmq';\nnew bullmq.Worker('q', fn);\n`, ['bullmq'], WORKER)).toEqual([
      { text: "new bullmq.Worker('q', fn)", module: 'bullmq', path: 'Worker', invoke: 'construct' },
    ]);
  });

  it('default import reaches the module itself and its members (path without `default`)', () => {
    const code = `import Queue from 'bull';\nconst q = new Queue('media');\nconst r = Queue('other');\n`;
    expect(references(code, ['bull'], [{ path: [], invoke: 'any' }])).toEqual([
      { text: "new Queue('media')", module: 'bull', path: '', invoke: 'construct' },
      { text: "Queue('other')", module: 'bull', path: '', invoke: 'call' },
    ]);
    expect(references(`import bullmq from 'bullmq';\nnew bullmq.Worker('q', fn);\n`, ['bullmq'], WORKER)).toEqual([
      { text: "new bullmq.Worker('q', fn)", module: 'bullmq', path: 'Worker', invoke: 'construct' },
    ]);
  });

  it('a const alias of an import (const W = Worker)', () => {
    const code = `import { Worker } from 'bullmq';\nconst W = Worker;\nnew W('q', fn);\n`;
    expect(references(code, ['bullmq'], WORKER).map((found) => found.text)).toEqual(["new W('q', fn)"]);
  });

  it('static member paths (CronJob.from)', () => {
    const code = `import { CronJob } from 'cron';\nCronJob.from({ onTick });\nnew CronJob('* * * * *', onTick);\n`;
    expect(references(code, ['cron'], [{ path: ['CronJob', 'from'], invoke: 'call' }])).toEqual([
      { text: 'CronJob.from({ onTick })', module: 'cron', path: 'CronJob.from', invoke: 'call' },
    ]);
  });

  it('only the requested invocation: a call of a constructor-only spec is not found', () => {
    expect(references(`import { Worker } from 'bullmq';\nWorker('q', fn);\n`, ['bullmq'], WORKER)).toEqual([]);
  });

  it('read references', () => {
    const code = `import { SpanStatusCode } from '@opentelemetry/api';\nconst c = SpanStatusCode.ERROR;\n`;
    expect(references(code, ['@opentelemetry/api'], [{ path: ['SpanStatusCode', 'ERROR'], invoke: 'read' }])).toEqual([
      { text: 'SpanStatusCode.ERROR', module: '@opentelemetry/api', path: 'SpanStatusCode.ERROR', invoke: 'read' },
    ]);
  });
});

describe('findExportReferences: CommonJS', () => {
  const cjs = { filename: 'file.cjs', sourceType: 'commonjs' as const };

  it('destructured require', () => {
    const code = `const { Worker } = require('bullmq');\nnew Worker('q', fn);\n`;
    expect(references(code, ['bullmq'], WORKER, cjs)).toEqual([
      { text: "new Worker('q', fn)", module: 'bullmq', path: 'Worker', invoke: 'construct' },
    ]);
  });

  it('plain require and member access', () => {
    const code = `const bullmq = require('bullmq');\nnew bullmq.Worker('q', fn);\n`;
    expect(references(code, ['bullmq'], WORKER, cjs).map((found) => found.text)).toEqual(["new bullmq.Worker('q', fn)"]);
  });

  it('require used inline', () => {
    const code = `new (require('bullmq').Worker)('q', fn);\n`;
    expect(references(code, ['bullmq'], WORKER, cjs)).toHaveLength(1);
  });

  it('require(…).default', () => {
    const code = `const Queue = require('bull').default;\nnew Queue('q');\n`;
    expect(references(code, ['bull'], [{ path: [], invoke: 'construct' }], cjs)).toHaveLength(1);
  });

  it('a renamed destructuring', () => {
    const code = `const { Worker: W } = require('bullmq');\nnew W('q', fn);\n`;
    expect(references(code, ['bullmq'], WORKER, cjs)).toHaveLength(1);
  });
});

describe('findExportReferences: node: prefixes and look-alikes', () => {
  const request: ExportSpec[] = [{ path: ['request'], invoke: 'call' }];

  it('`http` finds both `http` and `node:http`, reporting the spelling used', () => {
    const code = `import http from 'http';\nimport * as nodeHttp from 'node:http';\nhttp.request(a);\nnodeHttp.request(b);\n`;
    expect(references(code, ['http'], request).map(({ text, module }) => [text, module])).toEqual([
      ['http.request(a)', 'http'],
      ['nodeHttp.request(b)', 'node:http'],
    ]);
  });

  it('`node:http` finds the bare spelling too', () => {
    const code = `import { request } from 'http';\nrequest(a);\n`;
    expect(references(code, ['node:http'], request)).toHaveLength(1);
  });

  it('worker_threads Worker is not a bullmq Worker', () => {
    const code = `import { Worker } from 'node:worker_threads';\nnew Worker('./t.js');\n`;
    expect(references(code, ['bullmq'], WORKER)).toEqual([]);
    expect(references(code, ['worker_threads'], WORKER)).toHaveLength(1);
  });

  it("slonik's createPool is not mysql2's", () => {
    const code = `import { createPool } from 'slonik';\nawait createPool('postgres://');\n`;
    expect(references(code, ['mysql2', 'mysql2/promise'], [{ path: ['createPool'], invoke: 'call' }])).toEqual([]);
  });

  it('a local binding with the same name is not a reference', () => {
    const code = `class Worker {}\nnew Worker();\nfunction f(Worker) { return new Worker(); }\n`;
    expect(references(code, ['bullmq'], WORKER)).toEqual([]);
  });

  it('globals (modules = null): fetch, not a shadowing local', () => {
    const code = `fetch('/a');\nfunction g(fetch) { return fetch('/b'); }\n`;
    expect(references(code, null, [{ path: ['fetch'], invoke: 'call' }]).map((found) => found.text)).toEqual(["fetch('/a')"]);
  });
});

describe('getInstanceIndex', () => {
  const BULL = { createdBy: [{ path: [], invoke: 'any' as const }], types: [['Queue'], []] };

  /** The object expressions of every `x.process(…)` call in `code`, with whether the index holds them. */
  function holders(code: string, key: string): Record<string, boolean> {
    return withContext(code, (context) => {
      const index = getInstanceIndex(context, key, ['bull'], BULL);
      const result: Record<string, boolean> = {};
      const visit = (node: TSESTree.Node): void => {
        if (
          node.type === AST_NODE_TYPES.CallExpression &&
          node.callee.type === AST_NODE_TYPES.MemberExpression &&
          node.callee.property.type === AST_NODE_TYPES.Identifier &&
          node.callee.property.name === 'process'
        ) {
          result[context.sourceCode.getText(node.callee.object)] = index.has(node.callee.object);
        }
        for (const childKey of context.sourceCode.visitorKeys[node.type] ?? []) {
          const child = (node as unknown as Record<string, unknown>)[childKey];
          for (const item of Array.isArray(child) ? child : [child]) {
            if (item && typeof (item as TSESTree.Node).type === 'string') visit(item as TSESTree.Node);
          }
        }
      };
      visit(context.sourceCode.ast);
      return result;
    });
  }

  it('variables from new Queue() and Queue(), class members, typed parameters and parameter properties', () => {
    const code = `import Queue from 'bull';
import type { Queue as QueueType } from 'bull';
import Other from './other';

const a = new Queue('a');
const b = Queue('b');
const c = new Other('c');
let d;
d = new Queue('d');

class Service {
  private readonly field = new Queue('field');
  private assigned;
  constructor(private readonly injected: QueueType, plain: Other) {
    this.assigned = new Queue('assigned');
    plain.process(fn);
  }
  start(typed: QueueType) {
    this.field.process(fn);
    this.assigned.process(fn);
    this.injected.process(fn);
    this.other.process(fn);
    typed.process(fn);
  }
}

a.process(fn);
b.process(fn);
c.process(fn);
d.process(fn);
new Queue('inline').process(fn);
(await Promise.resolve(a)).process(fn);
`;
    expect(holders(code, 'test:bull')).toEqual({
      plain: false,
      'this.field': true,
      'this.assigned': true,
      'this.injected': true,
      'this.other': false,
      typed: true,
      a: true,
      b: true,
      c: false,
      d: true,
      "new Queue('inline')": true,
      'await Promise.resolve(a)': false,
    });
  });

  it('a shadowing local of the same name is not an instance', () => {
    const code = `import Queue from 'bull';
const q = new Queue('q');
function f(q) {
  q.process(fn);
}
`;
    expect(holders(code, 'test:bull:shadow')).toEqual({ q: false });
  });

  it('a file without the library has an empty index', () => {
    const empty = withContext(`const q = new Queue('x');\n`, (context) => getInstanceIndex(context, 'test:none', ['bull'], BULL).isEmpty);
    expect(empty).toBe(true);
  });
});

describe('mentionsModule', () => {
  it('is a cheap text pre-check, node: prefix insensitive', () => {
    const check = (code: string, modules: string[]) => withContext(code, (context) => mentionsModule(context.sourceCode, modules));
    expect(check(`import x from 'bullmq';\n`, ['bullmq'])).toBe(true);
    expect(check(`import x from 'http';\n`, ['node:http'])).toBe(true);
    expect(check(`import x from 'pg';\n`, ['bullmq', 'bull'])).toBe(false);
  });
});

describe('findExportReferences: TypeScript CommonJS output', () => {
  it('follows __importDefault(require(…)) and __importStar(require(…)) helpers', () => {
    const code = [
      `const axios_1 = __importDefault(require("axios"));`,
      `const bullmq = __importStar(require("bullmq"));`,
      `axios_1.default.post(url, body);`,
      `new bullmq.Worker('q', fn);`,
      `other_1.default.post(url);`,
    ].join('\n');
    expect(references(code, ['axios'], [{ path: ['post'], invoke: 'call' }], { filename: 'file.cjs', sourceType: 'commonjs' })).toEqual([
      { text: 'axios_1.default.post(url, body)', module: 'axios', path: 'post', invoke: 'call' },
    ]);
    expect(references(code, ['bullmq'], WORKER, { filename: 'file.cjs', sourceType: 'commonjs' })).toEqual([
      { text: "new bullmq.Worker('q', fn)", module: 'bullmq', path: 'Worker', invoke: 'construct' },
    ]);
  });
});
