import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores(['node_modules/', '.next/', '.data/', 'lib/db/generated/', 'test-results/', 'playwright-report/', 'next-env.d.ts']),
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The type-aware rules worth their cost: a promise nobody awaits or catches loses its error.
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test runs and reports a test whether or not its promise is awaited.
        { allowForKnownSafeCalls: [{ from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' }] },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    extends: [reactHooks.configs.flat.recommended, nextPlugin.configs.recommended, nextPlugin.configs['core-web-vitals']],
    settings: { next: { rootDir: import.meta.dirname } },
  },
);
