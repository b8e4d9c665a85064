import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import boundaries from 'eslint-plugin-boundaries';

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', 'web/dist/**', 'web/src/graphql-env.d.ts', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', fetch: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // The console runs in the browser.
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    // The layers. The console is a browser bundle: it reads shared/ but never server code. The X12 library knows
    // nothing of the service. The sandbox partner is a separate peer: the service never imports it statically (npm
    // start's demo mode loads it with a dynamic import, so production never loads it). Tests, benches and scripts
    // may reach everything.
    files: ['**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [
        { type: 'web', pattern: 'web/src' },
        { type: 'shared', pattern: 'shared' },
        { type: 'x12', pattern: 'x12' },
        { type: 'sandbox', pattern: 'sandbox-partner' },
        { type: 'server', pattern: 'server' },
        { type: 'tasks', pattern: 'tasks' },
        { type: 'harness', pattern: '(test|bench|scripts)' },
      ],
      'boundaries/dependency-nodes': ['import', 'export'],
    },
    rules: {
      'boundaries/dependencies': [2, {
        default: 'disallow',
        policies: [
          { from: { element: { type: 'web' } }, allow: { to: { element: { types: { anyOf: ['web', 'shared'] } } } } },
          { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared' } } } },
          { from: { element: { type: 'x12' } }, allow: { to: { element: { types: { anyOf: ['x12', 'shared'] } } } } },
          { from: { element: { type: 'sandbox' } }, allow: { to: { element: { types: { anyOf: ['sandbox', 'x12', 'shared'] } } } } },
          { from: { element: { type: 'server' } }, allow: { to: { element: { types: { anyOf: ['server', 'x12', 'shared'] } } } } },
          { from: { element: { type: 'tasks' } }, allow: { to: { element: { types: { anyOf: ['tasks', 'server', 'x12', 'shared'] } } } } },
          { from: { element: { type: 'harness' } }, allow: { to: { element: { types: { anyOf: ['harness', 'web', 'shared', 'x12', 'sandbox', 'server', 'tasks'] } } } } },
        ],
      }],
    },
  },
  {
    // Ingestion raises domain errors (server/domain/input-error.ts); only the REST layer speaks HTTP.
    files: ['server/ingestion/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/http/*', '**/http/**'], message: 'ingestion raises InputError (server/domain/input-error.ts); REST maps it to HTTP' }] }],
    },
  },
);
