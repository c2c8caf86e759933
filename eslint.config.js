import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

/** Import patterns of each server/ layer, for the layers below it. */
const LAYER_PATTERNS = {
  cli: ['**/cli/**'],
  wiring: ['**/wiring/**'],
  // server/config.ts by its relative paths: shared/ has config.ts files of its own.
  http: [
    '**/app.ts',
    '**/server.ts',
    '../config.ts',
    '../../config.ts',
    '../../../config.ts',
    '**/routes/**',
    '**/plugins/**',
    '**/schemas/**',
  ],
  run: ['**/run/**'],
  engine: ['**/engine/**'],
  state: ['**/state/**'],
}

function serverLayers(layers) {
  return layers.map(({ files, above }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/addin/**'], message: 'server/ and addin/ never import each other' },
            ...above.map((layer) => ({ group: LAYER_PATTERNS[layer], message: `a lower layer of server/ does not import ${layer}` })),
          ],
        },
      ],
    },
  }))
}

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
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', '../server/*', '../addin/*', '**/server/**', '**/addin/**', 'react', 'mssql', 'better-sqlite3', 'fastify'] },
      ],
      'no-restricted-globals': ['error', 'process', 'Excel', 'Office', 'fetch', 'setTimeout', 'performance'],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random' }, { object: 'Date', property: 'now' }],
      'no-restricted-syntax': [
        'error',
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'shared/ takes dates as arguments: no clock' },
      ],
    },
  },
  // server/ in layers, each importing only those below it:
  // cli/ → wiring/ → app.ts, server.ts, config.ts, routes/, plugins/, schemas/ → run/ → engine/ → state/;
  // sources/, sql/, extracts/, evidence/, export/, demo/, filesets/ → shared/ only. server/ and addin/ never meet.
  ...serverLayers([
    { files: ['server/cli/**/*.ts'], above: [] },
    { files: ['server/wiring/**/*.ts'], above: ['cli'] },
    {
      files: [
        'server/app.ts',
        'server/server.ts',
        'server/config.ts',
        'server/routes/**/*.ts',
        'server/plugins/**/*.ts',
        'server/schemas/**/*.ts',
      ],
      above: ['cli', 'wiring'],
    },
    { files: ['server/run/**/*.ts'], above: ['cli', 'wiring', 'http', 'state'] },
    { files: ['server/engine/**/*.ts'], above: ['cli', 'wiring', 'http', 'run'] },
    { files: ['server/state/**/*.ts'], above: ['cli', 'wiring', 'http', 'run', 'engine'] },
    {
      files: ['server/{sources,sql,extracts,evidence,export,demo,filesets}/**/*.ts', 'server/version.ts'],
      above: ['cli', 'wiring', 'http', 'run', 'engine', 'state'],
    },
  ]),
  {
    files: ['addin/**/*.ts', 'addin/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'addin/ talks to the server over HTTP only' }] }],
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
