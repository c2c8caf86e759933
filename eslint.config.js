import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['node_modules', 'dist', 'addin/dist', 'out', 'data', '.cache', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // shared/ is the pure domain core: no I/O, no drivers, no UI, no clock.
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['node:*', '../server/*', '../addin/*', '**/server/**', '**/addin/**', 'react', 'mssql', 'better-sqlite3', 'fastify'] }],
      'no-restricted-globals': ['error', 'process', 'Excel', 'Office', 'fetch', 'setTimeout', 'performance'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }, { object: 'Date', property: 'now' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/ takes dates as arguments: no clock' }],
    },
  },
  {
    files: ['addin/**/*.ts', 'addin/**/*.tsx'],
    ignores: ['addin/excel/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { 'no-restricted-globals': ['error', 'Excel'] },
  },
  {
    files: ['addin/**/*.ts', 'addin/**/*.tsx'],
    languageOptions: { globals: { ...globals.browser, Office: 'readonly', Excel: 'readonly' } },
  },
)
