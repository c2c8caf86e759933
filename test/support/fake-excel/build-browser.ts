import { fileURLToPath } from 'node:url'
import { build, type Rollup } from 'vite'

const ENTRY = fileURLToPath(new URL('./browser.ts', import.meta.url))

/**
 * The fake host as one classic script (IIFE) for the browser: served in place of office.js, it
 * defines `Office`, `Excel` and `window.__fakeWorkbook` before the pane's module runs.
 */
export async function buildFakeHostScript(): Promise<string> {
  const result = await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry: ENTRY, formats: ['iife'], name: 'TieoutFakeExcel', fileName: () => 'fake-office.js' },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[]
  const chunk = outputs.flatMap((output) => output.output).find((item): item is Rollup.OutputChunk => item.type === 'chunk')
  if (!chunk) throw new Error('the fake Excel host did not build')
  return chunk.code
}
