import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

import { enclosingClass, getKeyName, unwrapTS } from '../ast.js';
import { getAnalysis } from './analysis.js';

/**
 * The one module that talks to the TypeScript type checker (typed linting). Detection asks it only where
 * syntax cannot decide, and never twice for the same node:
 * - only when the program includes one of the library's packages at all (read once per program from its
 *   source files' paths);
 * - only for expressions whose value comes from elsewhere: an imported binding, a parameter, a class member
 *   with no initializer in this class (an injected one), or a local initialised from one of those;
 * - the answer is memoised in the file's shared analysis.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface TypeSymbol {
  getName(): string;
  getDeclarations(): { getSourceFile(): { fileName: string } }[] | undefined;
}
interface Checker {
  getTypeAtLocation(node: unknown): { getSymbol(): TypeSymbol | undefined; aliasSymbol?: TypeSymbol };
}
interface Program {
  getTypeChecker(): unknown;
  getSourceFiles(): readonly { fileName: string }[];
}
interface Services {
  program?: Program | null;
  esTreeNodeToTSNodeMap?: { get(node: TSESTree.Node): unknown };
}

function servicesOf(context: Context): Services | undefined {
  return context.sourceCode.parserServices as Services | undefined;
}

const packagesByProgram = new WeakMap<object, ReadonlySet<string>>();

/** Package names (`bullmq`, `@types/node`, `@nestjs/axios`) with at least one file in the program. */
function programPackages(program: Program): ReadonlySet<string> {
  let names = packagesByProgram.get(program);
  if (!names) {
    const found = new Set<string>();
    for (const file of program.getSourceFiles()) {
      const path = file.fileName.replaceAll('\\', '/');
      const at = path.lastIndexOf('/node_modules/');
      if (at < 0) continue;
      const parts = path.slice(at + 14).split('/');
      const name = parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : parts[0];
      if (name) found.add(name);
    }
    names = found;
    packagesByProgram.set(program, names);
  }
  return names;
}

function packageName(module: string): string {
  const name = module.startsWith('node:') ? module.slice(5) : module;
  const parts = name.split('/');
  return name.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? name);
}

/** Whether the type-checked program includes any of these modules' packages (or their `@types`). */
export function programIncludes(context: Context, modules: readonly string[]): boolean {
  const program = servicesOf(context)?.program;
  if (!program) return false;
  const names = programPackages(program);
  return modules.some((module) => {
    const name = packageName(module);
    return names.has(name) || names.has(`@types/${name.startsWith('@') ? name.slice(1).replace('/', '__') : name}`);
  });
}

/**
 * Whether the value of `expression` comes from somewhere this file does not show (so only the checker can
 * tell its type): an import, a parameter, an injected class member, or a local initialised from one.
 */
export function comesFromElsewhere(sourceCode: Readonly<TSESLint.SourceCode>, expression: TSESTree.Node, depth = 0): boolean {
  if (depth > 4) return false;
  const node = unwrapTS(expression);
  switch (node.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return comesFromElsewhere(sourceCode, node.argument, depth + 1);
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return comesFromElsewhere(sourceCode, node.callee, depth + 1);
    case AST_NODE_TYPES.ChainExpression:
      return comesFromElsewhere(sourceCode, node.expression, depth + 1);
    case AST_NODE_TYPES.MemberExpression: {
      if (node.object.type !== AST_NODE_TYPES.ThisExpression) return comesFromElsewhere(sourceCode, node.object, depth + 1);
      // `this.x`: injected (a parameter property or a field without initializer) unless the class sets it.
      const classNode = enclosingClass(node);
      if (!classNode) return true;
      const name = getKeyName(node.property, node.computed);
      for (const element of classNode.body.body) {
        if (
          element.type === AST_NODE_TYPES.PropertyDefinition &&
          getKeyName(element.key, element.computed) === name &&
          element.value
        ) {
          return comesFromElsewhere(sourceCode, element.value, depth + 1);
        }
      }
      return true;
    }
    case AST_NODE_TYPES.Identifier: {
      const variable = ASTUtils.findVariable(sourceCode.getScope(node) as never, node) as TSESLint.Scope.Variable | null;
      const def = variable?.defs[0];
      if (!def) return false; // a global: syntax decides
      if (def.type === 'ImportBinding' || def.type === 'Parameter') return true;
      if (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init) {
        return comesFromElsewhere(sourceCode, def.node.init, depth + 1);
      }
      return false;
    }
    default:
      return false;
  }
}

/**
 * With typed linting on, whether the checker says `expression` has one of `typeNames`, declared in one of
 * `modules` (the package's own files or its `@types`). Without type information, or where syntax already
 * decides: false.
 */
export function hasLibraryType(
  context: Context,
  expression: TSESTree.Node,
  modules: readonly string[],
  typeNames: ReadonlySet<string>,
): boolean {
  const services = servicesOf(context);
  if (!services?.program || !services.esTreeNodeToTSNodeMap || typeNames.size === 0) return false;
  if (!programIncludes(context, modules)) return false;
  if (!comesFromElsewhere(context.sourceCode, expression)) return false;
  const analysis = getAnalysis(context);
  const answers = analysis.memo('typeAnswers', () => new Map<TSESTree.Node, Map<string, boolean>>());
  const key = `${modules.join(',')}|${[...typeNames].join(',')}`;
  let perNode = answers.get(expression);
  const known = perNode?.get(key);
  if (known !== undefined) return known;
  const answer = askChecker(services, expression, modules, typeNames);
  if (!perNode) {
    perNode = new Map();
    answers.set(expression, perNode);
  }
  perNode.set(key, answer);
  return answer;
}

function askChecker(services: Services, expression: TSESTree.Node, modules: readonly string[], typeNames: ReadonlySet<string>): boolean {
  try {
    const checker = services.program!.getTypeChecker() as Checker;
    const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap!.get(expression));
    for (const symbol of [type.getSymbol(), type.aliasSymbol]) {
      if (!symbol || !typeNames.has(symbol.getName())) continue;
      for (const declaration of symbol.getDeclarations() ?? []) {
        const file = declaration.getSourceFile().fileName.replaceAll('\\', '/');
        if (modules.some((name) => file.includes(`/node_modules/${name}/`) || file.includes(`/node_modules/@types/${name}/`))) {
          return true;
        }
      }
    }
  } catch {
    // type information is an extra source only
  }
  return false;
}
