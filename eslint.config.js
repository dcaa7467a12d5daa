// Lints this repository itself (not the config users get: that is `otel.configs.*` in index.ts).
// Syntax-only typescript-eslint rules keep `npm run lint` fast; `tsc` (npm run typecheck) covers types.
import js from '@eslint/js';
import eslintPlugin from 'eslint-plugin-eslint-plugin';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'dist/**',
    'node_modules/**',
    'examples/**',
    'bench/corpus/**',
    'tests/fixtures/**',
    'tests/**/__fixed__/**',
    'coverage/**',
    '.tmp/**',
  ]),
  {
    name: 'otel-repo/base',
    files: ['**/*.{js,mjs,cjs,ts,mts,cts}'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    name: 'otel-repo/rules',
    files: ['lib/rules/**/*.ts'],
    extends: [eslintPlugin.configs['rules-recommended']],
  },
  {
    name: 'otel-repo/rule-tests',
    files: ['tests/rules/**/*.ts'],
    extends: [eslintPlugin.configs['tests-recommended']],
  },
  {
    // Tests import `describe`/`it`/`expect` from 'vitest' explicitly: no test globals are declared.
    name: 'otel-repo/tests',
    files: ['tests/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
