import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import { freshName, moduleNames, namesWithin, visibleNames } from '../../lib/fix/names.js';
import { findNode, sourceOf } from './source.js';

describe('freshName', () => {
  it('returns the base when it is free', () => {
    expect(freshName('span')).toBe('span');
    expect(freshName('span', new Set(['tracer']))).toBe('span');
  });

  it('appends the first free number from 2', () => {
    expect(freshName('span', new Set(['span']))).toBe('span2');
    expect(freshName('span', new Set(['span', 'span2', 'span3']))).toBe('span4');
  });

  it('checks every set', () => {
    expect(freshName('span', new Set(['span']), new Set(['span2']), new Set(['span3']))).toBe('span4');
  });

  it('is case-sensitive', () => {
    expect(freshName('span', new Set(['Span', 'SPAN']))).toBe('span');
  });
});

describe('visibleNames / namesWithin / moduleNames', () => {
  const code = `import { trace } from '@opentelemetry/api';
const tracer = trace.getTracer('x');
function outer(job) {
  const local = 1;
  return async (inner) => {
    const deep = local + inner + globalThing;
    return deep;
  };
}
`;

  it('visibleNames sees the enclosing scopes and unresolved globals, not inner declarations', () => {
    const sourceCode = sourceOf(code);
    const arrow = findNode(sourceCode, AST_NODE_TYPES.ArrowFunctionExpression);
    const names = visibleNames(sourceCode, arrow.body);
    for (const name of ['trace', 'tracer', 'outer', 'job', 'local', 'inner', 'deep', 'globalThing']) {
      expect(names.has(name), name).toBe(true);
    }
    const outside = visibleNames(sourceCode, findNode(sourceCode, AST_NODE_TYPES.VariableDeclaration));
    expect(outside.has('local')).toBe(false);
    expect(outside.has('tracer')).toBe(true);
  });

  it('namesWithin collects every identifier written inside a node', () => {
    const sourceCode = sourceOf(code);
    const names = namesWithin(sourceCode, findNode(sourceCode, AST_NODE_TYPES.ArrowFunctionExpression));
    expect([...names].filter((name) => /^[a-z]/i.test(name)).sort()).toEqual(
      ['async', 'const', 'deep', 'globalThing', 'inner', 'local', 'return'].sort(),
    );
  });

  it('moduleNames has module-level declarations and globals used anywhere, not function locals', () => {
    const names = moduleNames(sourceOf(code));
    for (const name of ['trace', 'tracer', 'outer', 'globalThing']) expect(names.has(name), name).toBe(true);
    for (const name of ['local', 'deep', 'job', 'inner']) expect(names.has(name), name).toBe(false);
  });

  it('moduleNames works for scripts too', () => {
    const names = moduleNames(sourceOf('var a = 1;\nfunction b() { return c; }\n', { sourceType: 'script' }));
    for (const name of ['a', 'b', 'c']) expect(names.has(name), name).toBe(true);
  });
});

describe('shadowingNames', () => {
  it('collects names declared between a node and the module scope, not module-level ones', async () => {
    const names = await import('../../lib/fix/names.js');
    const shadowingNames = (names as { shadowingNames?: typeof names.visibleNames }).shadowingNames;
    expect(shadowingNames, 'lib/fix/names.ts exports shadowingNames').toBeTypeOf('function');
    const sourceCode = sourceOf(`const tracer = 1;
function start(trace, { SpanStatusCode }) {
  const api = 2;
  try {
    return async (job) => job;
  } catch (span) {
    return null;
  }
}
`);
    const arrow = findNode(sourceCode, AST_NODE_TYPES.ArrowFunctionExpression);
    const found = shadowingNames!(sourceCode, arrow.body);
    for (const name of ['trace', 'SpanStatusCode', 'api', 'job', 'start']) {
      if (name === 'start') expect(found.has(name), name).toBe(false);
      else expect(found.has(name), name).toBe(true);
    }
    expect(found.has('tracer')).toBe(false);
    expect(found.has('span')).toBe(false);
  });
});
