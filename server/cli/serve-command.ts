import { loadConfig } from '../config.ts'
import type { DemoToken } from '../plugins/app/auth/tokens.ts'
import { startBackend } from '../wiring/start-backend.ts'
import { parseCommand } from './args.ts'

const HELP = `Usage: tieout serve [--port N] [--host ADDRESS] [--data-dir DIR]

Starts the HTTP API (and the Excel add-in at /addin/). Configuration comes from TIEOUT_* variables
(see the README); the options here override them. With the demo source (the default) one API token
per role is created and printed at start.`

export async function run(argv: string[]): Promise<number> {
  const { options } = parseCommand(argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const env = {
    ...process.env,
    ...(typeof options.port === 'string' ? { TIEOUT_PORT: options.port } : {}),
    ...(typeof options.host === 'string' ? { TIEOUT_HOST: options.host } : {}),
    ...(typeof options['data-dir'] === 'string' ? { TIEOUT_DATA_DIR: options['data-dir'] } : {}),
  }
  const server = await startBackend(loadConfig(env), { env, onDemoTokens: printDemoTokens })
  process.stderr.write(`Tieout ${server.url}  (API ${server.url}/api, add-in ${server.url}/addin/, health ${server.url}/healthz)\n`)
  await new Promise<void>((resolve) => server.app.server.once('close', () => resolve()))
  return 0
}

function printDemoTokens(tokens: readonly DemoToken[]): void {
  const lines = tokens.map((token) => `  ${token.role.padEnd(9)} ${token.name.padEnd(15)} ${token.token}`)
  process.stderr.write(`Demo mode: API tokens (send as "Authorization: Bearer <token>")\n${lines.join('\n')}\n`)
}
