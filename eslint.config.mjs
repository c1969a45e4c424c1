import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'media/dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '*.vsix', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Type-aware: a switch over a union names every member (a new protocol message or status must be
    // handled where it is dispatched), and no promise is left unhandled.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The webview is a page of its own: from the extension it knows only the protocol's types.
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: '../protocol', message: 'The webview imports only types from the protocol; use `import type`.', allowTypeImports: true }],
        patterns: [{ group: ['../*', '!../protocol'], message: 'The webview imports nothing of the extension but the protocol\'s types.' }],
      }],
    },
  },
  {
    // The benchmark's floor extension is plain CommonJS, installed as it is.
    files: ['bench/floor/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', exports: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // src/core runs in plain Node (unit tests, benchmarks): type-only imports of vscode are fine; at runtime nothing of the
  // host (a relative import that leaves src/core) is.
  ...[['src/core/*.ts', '../*'], ['src/core/*/*.ts', '../../*']].map(([files, outside]) => ({
    files: [files],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'src/core must not import vscode at runtime; use `import type`.', allowTypeImports: true }],
        patterns: [{ group: [outside], allowTypeImports: true, message: 'src/core imports nothing of the extension host at runtime: move what it needs into src/core.' }],
      }],
    },
  })),
);
