import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'

const eslint = new ESLint()

/** The import restrictions ESLint reports for `source` if it were the file at `filePath`. */
async function restricted(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath })
  return (result?.messages ?? []).filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message)
}

describe('eslint.config.js: server/ layers import only downwards', () => {
  it.each([
    ['server/engine/probe.ts', '../run/reconcile.ts', /does not import run/],
    ['server/state/probe.ts', '../engine/workflow.ts', /does not import engine/],
    ['server/run/probe.ts', '../state/tables.ts', /does not import state/],
    ['server/run/probe.ts', '../plugins/app/services.ts', /does not import http/],
    ['server/routes/probe.ts', '../wiring/start-backend.ts', /does not import wiring/],
    ['server/wiring/probe.ts', '../cli/args.ts', /does not import cli/],
    ['server/demo/truth/probe.ts', '../../config.ts', /does not import http/],
    ['server/evidence/probe.ts', '../engine/workflow.ts', /does not import engine/],
    ['server/cli/probe.ts', '../../addin/messages.ts', /server\/ and addin\/ never import each other/],
    ['addin/probe.ts', '../server/config.ts', /addin\/ talks to the server over HTTP only/],
  ])('%s may not import %s', async (file, target, message) => {
    expect(await restricted(file, `export { x } from '${target}'\n`)).toEqual([expect.stringMatching(message)])
  })

  it.each([
    ['server/cli/probe.ts', '../wiring/start-backend.ts'],
    ['server/wiring/probe.ts', '../server.ts'],
    ['server/plugins/probe.ts', '../run/reconcile.ts'],
    ['server/run/probe.ts', '../engine/workflow.ts'],
    ['server/engine/probe.ts', '../state/tables.ts'],
    ['server/demo/probe.ts', '../../shared/recon/categorization/config.ts'],
  ])('%s may import %s', async (file, target) => {
    expect(await restricted(file, `export { x } from '${target}'\n`)).toEqual([])
  })
})
