import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readPackageJson(): { name: string; version: string } {
  // From source (`index.ts` at the root) the file is beside us; from `dist/` it is one level up.
  for (const candidate of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = require(candidate) as { name?: string; version?: string };
      if (pkg.name === 'eslint-plugin-otel' && pkg.version) return { name: pkg.name, version: pkg.version };
    } catch {
      // try the next location
    }
  }
  return { name: 'eslint-plugin-otel', version: '0.0.0' };
}

export const packageMeta = readPackageJson();
