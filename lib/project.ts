import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Facts about the project a file belongs to, read from the package.json files at and above it. Cached per
 * directory, and re-read when the file's modification time changes (checked at most once a second per
 * directory), so a long editor session sees a dependency added after it started.
 */

interface PackageJson {
  name?: unknown;
  type?: unknown;
  dependencies?: Record<string, unknown>;
  peerDependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

interface CachedPackage {
  readonly pkg: PackageJson | null;
  /** Modification time of package.json when read (-1: absent or unreadable). */
  readonly mtime: number;
  /** When the modification time was last compared. */
  checked: number;
}

const packageCache = new Map<string, CachedPackage>();
/** How long a directory's package.json is trusted without a `stat` (ms). */
const RECHECK_MS = 1000;

function modificationTime(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
}

function readPackage(dir: string): PackageJson | null {
  const file = path.join(dir, 'package.json');
  const now = Date.now();
  const cached = packageCache.get(dir);
  if (cached && now - cached.checked < RECHECK_MS) return cached.pkg;
  const mtime = modificationTime(file);
  if (cached && cached.mtime === mtime) {
    cached.checked = now;
    return cached.pkg;
  }
  let pkg: PackageJson | null = null;
  if (mtime !== -1) {
    try {
      pkg = JSON.parse(readFileSync(file, 'utf8')) as PackageJson;
    } catch {
      pkg = null;
    }
  }
  packageCache.set(dir, { pkg, mtime, checked: now });
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
 * Whether the file's own package (the nearest package.json) lists `dependency` as something it has at run
 * time: `dependencies`, `peerDependencies` or `optionalDependencies` (not `devDependencies`, absent from a
 * production install). Only the nearest: in a monorepo, a workspace package that relies on the root's listing
 * breaks `n/no-extraneous-import` and production installs of that package.
 */
export function declaresDependency(filename: string, dependency: string): boolean {
  for (const pkg of packagesAbove(filename)) {
    for (const field of [pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies]) {
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

/**
 * The version range the file's own package (the nearest package.json) declares for `dependency` in a field
 * that ships (`dependencies`, `peerDependencies`, `optionalDependencies`), if any.
 */
export function declaredRange(filename: string, dependency: string): string | undefined {
  for (const pkg of packagesAbove(filename)) {
    for (const field of [pkg.dependencies, pkg.peerDependencies, pkg.optionalDependencies]) {
      const range = field && typeof field === 'object' ? field[dependency] : undefined;
      if (typeof range === 'string') return range;
    }
    return undefined;
  }
  return undefined;
}

/** The version range the file's own package gives `dependency` (the name the pool rule uses). */
export const dependencyVersion = declaredRange;
