import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Facts about the project a file belongs to, read from the package.json files at and above it (cached per
 * directory for the life of the process).
 */

interface PackageJson {
  name?: unknown;
  type?: unknown;
  dependencies?: Record<string, unknown>;
  devDependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

const packageCache = new Map<string, PackageJson | null>();

function readPackage(dir: string): PackageJson | null {
  let pkg = packageCache.get(dir);
  if (pkg === undefined) {
    try {
      pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
    } catch {
      pkg = null;
    }
    packageCache.set(dir, pkg);
  }
  return pkg;
}

/** The package.json files from the file's directory up to the filesystem root, nearest first. */
function* packagesAbove(filename: string): Generator<PackageJson> {
  let dir = path.dirname(path.resolve(filename));
  for (;;) {
    const pkg = readPackage(dir);
    if (pkg) yield pkg;
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

/** The `name` of the nearest package.json that has one, for the default tracer scope name. */
export function nearestPackageName(filename: string): string {
  for (const pkg of packagesAbove(filename)) {
    if (typeof pkg.name === 'string' && pkg.name) return pkg.name;
  }
  return 'app';
}

/**
 * Whether the file's own package (the nearest package.json) lists `dependency`. Only the nearest: in a
 * monorepo, a workspace package that relies on the root's listing breaks `n/no-extraneous-import` and
 * production installs of that package.
 */
export function declaresDependency(filename: string, dependency: string): boolean {
  for (const pkg of packagesAbove(filename)) {
    for (const field of [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies, pkg.optionalDependencies]) {
      if (field && typeof field === 'object' && dependency in field) return true;
    }
    return false;
  }
  return false;
}

/** The `type` of the nearest package.json ('module' or 'commonjs', Node's default), as Node decides for `.js`. */
export function nearestPackageType(filename: string): 'module' | 'commonjs' {
  for (const pkg of packagesAbove(filename)) return pkg.type === 'module' ? 'module' : 'commonjs';
  return 'commonjs';
}

/** The version range the file's own package (the nearest package.json) declares for `dependency`, if any. */
export function declaredRange(filename: string, dependency: string): string | undefined {
  for (const pkg of packagesAbove(filename)) {
    for (const field of [pkg.dependencies, pkg.devDependencies, pkg.peerDependencies, pkg.optionalDependencies]) {
      const range = field && typeof field === 'object' ? field[dependency] : undefined;
      if (typeof range === 'string') return range;
    }
    return undefined;
  }
  return undefined;
}

/** The version range the file's own package gives `dependency` (the name the pool rule uses). */
export const dependencyVersion = declaredRange;
