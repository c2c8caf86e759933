import { mssqlConfigFromEnv } from '../sources/mssql-config.ts'
import { checkConnection } from '../sources/mssql.ts'
import { parseCommand } from './args.ts'

const HELP = `Usage: tieout check-connection

Connects to SQL Server with the TIEOUT_MSSQL_* configuration and runs SELECT 1.
Exit code 0 when reachable, 1 otherwise (with the server's message).`

export async function run(argv: string[]): Promise<number> {
  const { options } = parseCommand(argv, { help: { type: 'boolean', short: 'h' } })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const check = await checkConnection(mssqlConfigFromEnv(process.env))
  if (check.ok) {
    process.stdout.write(`SQL Server ${check.server}, database ${check.database}: reachable (${check.latencyMs} ms)\n`)
    return 0
  }
  process.stderr.write(
    `SQL Server ${check.server}, database ${check.database}: NOT reachable: ${check.error?.message ?? 'unknown error'}${check.error?.transient ? ' (transient: retry later)' : ''}\n`,
  )
  return 1
}
