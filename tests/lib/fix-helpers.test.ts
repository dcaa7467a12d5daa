/**
 * The fix helpers on their own: each edit is applied through the same `FixBuilder` the rules use, and the
 * resulting text is compared exactly.
 */
import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { FixBuilder } from '../../lib/fix/builder.js';
import { requestImports } from '../../lib/fix/imports.js';
import { appendProperty, prependProperty } from '../../lib/fix/object-property.js';
import { insertStatementsAfter, insertStatementsBefore } from '../../lib/fix/statements.js';
import { findNode, sourceOf } from './source.js';

/** Apply a builder's edits to the text (as ESLint would apply one fix). */
function apply(sourceCode: TSESLint.SourceCode, edit: (builder: FixBuilder) => void): string {
  const builder = new FixBuilder(sourceCode);
  edit(builder);
  const fixer = {
    replaceTextRange: (range: readonly [number, number], text: string) => ({ range, text }),
  } as unknown as TSESLint.RuleFixer;
  const fixes = builder.build(fixer) as unknown as { range: [number, number]; text: string }[];
  let out = sourceCode.text;
  for (const fix of [...fixes].sort((a, b) => b.range[0] - a.range[0])) {
    out = out.slice(0, fix.range[0]) + fix.text + out.slice(fix.range[1]);
  }
  return out;
}

describe('insertStatementsBefore', () => {
  const call = (code: string) => {
    const sourceCode = sourceOf(code);
    return { sourceCode, node: findNode(sourceCode, AST_NODE_TYPES.CallExpression, (c) => c.callee.type === AST_NODE_TYPES.Identifier && c.callee.name === 'send') };
  };

  it('in a block: before the statement, at its indentation', () => {
    const { sourceCode, node } = call('function f() {\n  const r = await send(1);\n}\n');
    expect(apply(sourceCode, (b) => insertStatementsBefore(b, node, ['a();', 'b();']))).toBe('function f() {\n  a();\n  b();\n  const r = await send(1);\n}\n');
  });

  it('the lone body of an if gets braces', () => {
    const { sourceCode, node } = call('if (x)\n  send(1);\n');
    expect(apply(sourceCode, (b) => insertStatementsBefore(b, node, ['a();']))).toBe('if (x) {\n  a();\n  send(1);\n}\n');
  });

  it('an arrow expression body becomes a block that returns it', () => {
    const { sourceCode, node } = call('items.map((x) => send(x));\n');
    expect(apply(sourceCode, (b) => insertStatementsBefore(b, node, ['a();']))).toBe('items.map((x) => {\n  a();\n  return send(x);\n});\n');
  });

  it('no statement position: a class field initialiser', () => {
    const { sourceCode, node } = call('class A {\n  x = send(1);\n}\n');
    let inserted = true;
    expect(apply(sourceCode, (b) => (inserted = insertStatementsBefore(b, node, ['a();'])))).toBe('class A {\n  x = send(1);\n}\n');
    expect(inserted).toBe(false);
  });
});

describe('insertStatementsAfter', () => {
  it('after the statement and its same-line comment', () => {
    const sourceCode = sourceOf('function f() {\n  go(); // go now\n  done();\n}\n');
    const statement = findNode(sourceCode, AST_NODE_TYPES.ExpressionStatement);
    expect(apply(sourceCode, (b) => insertStatementsAfter(b, statement, ['next();']))).toBe('function f() {\n  go(); // go now\n  next();\n  done();\n}\n');
  });

  it('refuses a statement that is not directly in a block', () => {
    const sourceCode = sourceOf('if (x) go();\n');
    const statement = findNode(sourceCode, AST_NODE_TYPES.ExpressionStatement);
    expect(insertStatementsAfter(new FixBuilder(sourceCode), statement, ['next();'])).toBe(false);
  });
});

describe('appendProperty / prependProperty', () => {
  const object = (code: string) => {
    const sourceCode = sourceOf(code);
    return { sourceCode, node: findNode(sourceCode, AST_NODE_TYPES.ObjectExpression) };
  };

  it('one-line literal: inline, with or without a trailing comma; empty literal', () => {
    const a = object('const o = { a: 1 };\n');
    expect(apply(a.sourceCode, (b) => appendProperty(b, a.node, 'h: x'))).toBe('const o = { a: 1, h: x };\n');
    const c = object('const o = { a: 1, };\n');
    expect(apply(c.sourceCode, (b) => appendProperty(b, c.node, 'h: x'))).toBe('const o = { a: 1, h: x, };\n');
    const e = object('const o = {};\n');
    expect(apply(e.sourceCode, (b) => appendProperty(b, e.node, 'h: x'))).toBe('const o = { h: x };\n');
  });

  it('multi-line literal: its own line, the trailing comment stays with its property', () => {
    const a = object('const o = {\n  a: 1, // one\n};\n');
    expect(apply(a.sourceCode, (b) => appendProperty(b, a.node, 'h: x'))).toBe('const o = {\n  a: 1, // one\n  h: x,\n};\n');
    const c = object('const o = {\n  a: 1 // one\n};\n');
    expect(apply(c.sourceCode, (b) => appendProperty(b, c.node, 'h: x'))).toBe('const o = {\n  a: 1, // one\n  h: x\n};\n');
  });

  it('prepends before a comment that introduces the first property', () => {
    const a = object('const o = {\n  // json\n  a: 1,\n};\n');
    expect(apply(a.sourceCode, (b) => prependProperty(b, a.node, '...t'))).toBe('const o = {\n  ...t,\n  // json\n  a: 1,\n};\n');
    const c = object('const o = { a: 1 };\n');
    expect(apply(c.sourceCode, (b) => prependProperty(b, c.node, '...t'))).toBe('const o = { ...t, a: 1 };\n');
  });
});

describe('requestImports', () => {
  const run = (code: string, names: string[], filename = 'file.ts', avoid = new Set<string>()) => {
    const sourceCode = sourceOf(code, { sourceType: filename.endsWith('.cjs') ? 'script' : 'module' });
    let locals: Record<string, string> = {};
    const text = apply(sourceCode, (b) => {
      locals = requestImports(b, filename, '@opentelemetry/api', names, avoid);
    });
    return { text, locals };
  };

  it('adds a declaration after the last import', () => {
    expect(run("import a from 'a';\n\ngo();\n", ['trace'])).toEqual({
      text: "import a from 'a';\nimport { trace } from '@opentelemetry/api';\n\ngo();\n",
      locals: { trace: 'trace' },
    });
  });

  it('merges into an existing named import, reuses what is there', () => {
    expect(run("import { context } from '@opentelemetry/api';\n", ['context', 'trace'])).toEqual({
      text: "import { context, trace } from '@opentelemetry/api';\n",
      locals: { context: 'context', trace: 'trace' },
    });
  });

  it('reuses a namespace import', () => {
    expect(run("import * as api from '@opentelemetry/api';\n", ['trace'])).toEqual({
      text: "import * as api from '@opentelemetry/api';\n",
      locals: { trace: 'api.trace' },
    });
  });

  it('aliases a name that is taken, at module level or where it will be used', () => {
    expect(run('const trace = 1;\n', ['trace']).locals).toEqual({ trace: 'otelTrace' });
    expect(run('go();\n', ['context'], 'file.ts', new Set(['context'])).text).toBe(
      "import { context as otelContext } from '@opentelemetry/api';\n\ngo();\n",
    );
  });

  it('CommonJS: a require, merged into an existing destructuring', () => {
    expect(run("'use strict';\nconst x = require('x');\n", ['trace'], 'file.cjs').text).toBe(
      "'use strict';\nconst x = require('x');\nconst { trace } = require('@opentelemetry/api');\n",
    );
    expect(run("const { context } = require('@opentelemetry/api');\n", ['trace'], 'file.cjs').text).toBe(
      "const { context, trace } = require('@opentelemetry/api');\n",
    );
  });
});
