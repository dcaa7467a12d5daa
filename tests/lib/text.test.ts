import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';

import {
  indentUnit,
  lineIndent,
  multilineTemplateRanges,
  needsParensAsOperand,
  reindent,
  stringLiteral,
} from '../../lib/fix/text.js';
import { findNode, sourceOf } from './source.js';

/** The expression of the first `const x = <expr>` in `code`. */
function initOf(code: string) {
  const sourceCode = sourceOf(code);
  return findNode(sourceCode, AST_NODE_TYPES.VariableDeclarator).init!;
}

describe('stringLiteral', () => {
  it('single-quotes plain text', () => {
    expect(stringLiteral('emails')).toBe("'emails'");
    expect(stringLiteral('')).toBe("''");
  });

  it('escapes quotes, backslashes and line breaks', () => {
    expect(stringLiteral("it's")).toBe("'it\\'s'");
    expect(stringLiteral('a\\b')).toBe("'a\\\\b'");
    expect(stringLiteral('a\nb\r')).toBe("'a\\nb\\r'");
  });

  it('round-trips through the JS parser', () => {
    for (const value of ["it's", 'back\\slash', 'multi\nline', '"double"', 'tab\there', 'ünïcødé']) {
      const literal = initOf(`const x = ${stringLiteral(value)};`);
      expect(literal.type).toBe(AST_NODE_TYPES.Literal);
      expect((literal as { value: unknown }).value).toBe(value);
    }
  });
});

describe('needsParensAsOperand', () => {
  const cases: [string, boolean][] = [
    ['a', false],
    ['1', false],
    ['f(x)', false],
    ['new Foo()', false],
    ['a.b', false],
    ['a?.b', false],
    ['this', false],
    ['`t`', false],
    ['tag`t`', false],
    ['[1]', false],
    ['({ a: 1 })', false],
    ['await p', false],
    ['!a', false],
    ['a!', false],
    ['a ?? b', true],
    ['a || b', true],
    ['a + b', true],
    ['a ? b : c', true],
    ['(a, b)', true],
    ['a = b', true],
    ['() => a', true],
    ['a as B', true],
  ];
  for (const [expression, expected] of cases) {
    it(`${expression} → ${expected}`, () => {
      expect(needsParensAsOperand(initOf(`const x = ${expression};`))).toBe(expected);
    });
  }
});

describe('lineIndent and indentUnit', () => {
  it('reads the indentation of the line a node starts on', () => {
    const sourceCode = sourceOf('function f() {\n\t\treturn 1;\n}\n');
    expect(lineIndent(sourceCode, findNode(sourceCode, AST_NODE_TYPES.ReturnStatement))).toBe('\t\t');
  });

  it('guesses two spaces, four spaces, tabs; two by default', () => {
    expect(indentUnit(sourceOf('if (a) {\n  b();\n}\n'))).toBe('  ');
    expect(indentUnit(sourceOf('if (a) {\n    b();\n}\n'))).toBe('    ');
    expect(indentUnit(sourceOf('if (a) {\n\tb();\n}\n'))).toBe('\t');
  });

  it('ignores comment lines: a JSDoc ` * ` does not make a 4-space file look 1-space or 2-space', () => {
    const code = '/**\n * Worker.\n */\nclass A {\n    run() {\n        go();\n    }\n}\n';
    expect(indentUnit(sourceOf(code))).toBe('    ');
    expect(indentUnit(sourceOf('a();\n'))).toBe('  ');
    expect(indentUnit(sourceOf(''))).toBe('  ');
  });
});

describe('multilineTemplateRanges', () => {
  it('finds multi-line template and continued string tokens, not one-line ones', () => {
    const code = 'const a = `one`;\nconst b = `x\n  y`;\nconst c = \'p\\\nq\';\n';
    const sourceCode = sourceOf(code);
    const ranges = multilineTemplateRanges(sourceCode, [0, code.length]);
    expect(ranges.map(([start, end]) => code.slice(start, end))).toEqual(['`x\n  y`', "'p\\\nq'"]);
  });

  it('only looks inside the range', () => {
    const code = 'const b = `x\n  y`;\nconst c = 1;\n';
    expect(multilineTemplateRanges(sourceOf(code), [code.indexOf('const c'), code.length])).toEqual([]);
  });
});

describe('reindent', () => {
  it('indents every line after the first by `extra`, keeping blank lines blank', () => {
    const code = 'a();\nif (b) {\n  c();\n\n}\n';
    const sourceCode = sourceOf(code);
    expect(reindent(sourceCode, [0, code.length - 1], '    ')).toBe('a();\n    if (b) {\n      c();\n\n    }');
  });

  it('leaves the inside of multi-line template literals alone', () => {
    const code = 'const sql = `\n  SELECT 1\n`;\nrun(sql);';
    const sourceCode = sourceOf(code);
    expect(reindent(sourceCode, [0, code.length], '  ')).toBe('const sql = `\n  SELECT 1\n`;\n  run(sql);');
  });

  it('applies insertions at their offsets', () => {
    const code = 'return x;\nreturn y;';
    const sourceCode = sourceOf(`function f() {${code}}`);
    const base = 'function f() {'.length;
    const insertions = [
      { offset: base + 'return '.length, text: 'await ' },
      { offset: base + 'return x;\nreturn '.length, text: 'await ' },
    ];
    expect(reindent(sourceCode, [base, base + code.length], '\t', insertions)).toBe('return await x;\n\treturn await y;');
  });

  it('keeps CRLF line breaks and does not indent the empty line between them', () => {
    const code = 'a();\r\n\r\nb();';
    expect(reindent(sourceOf(code), [0, code.length], '  ')).toBe('a();\r\n\r\n  b();');
  });
});
