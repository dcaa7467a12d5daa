import path from 'node:path';

/**
 * Module specifiers named in settings (`settings.otel.tracer.from`, `settings.otel.spanHelper.from`): a
 * relative one (`./src/telemetry`, `../telemetry`) names a file relative to ESLint's working directory (the
 * config's base), and each fixed file imports it by its own relative path; path aliases (`~/telemetry`,
 * `#telemetry`, `@/telemetry`), absolute paths and package names are written as they are.
 */
export function moduleSpecifierFor(from: string, filename: string, cwd: string): string {
  if (!/^\.\.?(?:\/|$)/.test(from)) return from;
  const target = path.resolve(cwd, from);
  // ESLint reads a relative file name (`<input>`, `--stdin-filename src/a.ts`) against its working directory.
  let relative = path.relative(path.dirname(path.resolve(cwd, filename)), target).split(path.sep).join('/');
  if (relative === '') relative = '.';
  if (!relative.startsWith('.')) relative = `./${relative}`;
  // `from: './lib/'` names a folder's index: keep the trailing slash.
  if (from.endsWith('/') && !relative.endsWith('/')) relative += '/';
  return relative;
}
