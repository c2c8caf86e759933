import { isTieoutError } from '../../shared/errors.ts'
import { UsageError } from './args.ts'

/**
 * `tieout <command>`: one entry point for people and schedulers. Commands load their modules
 * lazily so `verify` on an auditor's machine needs nothing of the server.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run: (argv: string[]) => Promise<number> }> }> = {
  reconcile: {
    summary: 'run the reconciliation: extracts → checks → results, workbook and evidence',
    load: () => import('./reconcile-command.ts'),
  },
  'demo-data': {
    summary: 'write the built-in demo extracts as files, with ground-truth.json',
    load: () => import('./demo-data-command.ts'),
  },
  verify: { summary: 'verify an evidence package (folder or zip) without the server', load: () => import('./verify-command.ts') },
  serve: { summary: 'start the HTTP API and the Excel add-in server', load: () => import('./serve-command.ts') },
  tokens: {
    summary: 'issue an API token from the command line (tokens create --role R --name N)',
    load: () => import('./tokens-command.ts'),
  },
  'migrate-data': {
    summary: 'copy an earlier SQLite data directory into the PostgreSQL state store (--from-sqlite DIR)',
    load: () => import('./migrate-data-command.ts'),
  },
  'check-connection': {
    summary: 'check that SQL Server is reachable with the configured connection',
    load: () => import('./check-connection-command.ts'),
  },
}

export const USAGE = `Usage: tieout <command> [options]

Commands:
${Object.entries(COMMANDS)
  .map(([name, { summary }]) => `  ${name.padEnd(17)} ${summary}`)
  .join('\n')}

Run "tieout <command> --help" for the options of a command.`

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${USAGE}\n`)
    return name ? 0 : 2
  }
  if (name === '--version') {
    process.stdout.write(`${(await import('../version.ts')).PRODUCT_VERSION}\n`)
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    process.stderr.write(`tieout: unknown command "${name}"\n\n${USAGE}\n`)
    return 2
  }
  try {
    return await (await command.load()).run(rest)
  } catch (error) {
    return reportFailure(name, error)
  }
}

function reportFailure(command: string, error: unknown): number {
  if (error instanceof UsageError) {
    process.stderr.write(`tieout ${command}: ${error.message}\nRun "tieout ${command} --help" for usage.\n`)
    return 2
  }
  const code = codeOf(error)
  const message = error instanceof Error ? `${error.message}${code ? ` [${code}]` : ''}` : String(error)
  process.stderr.write(`tieout ${command}: ${message}\n`)
  if (!code && process.env.TIEOUT_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`)
  return 1
}

/** The error code to print: ours, or a failed run's (which carries the code that ended it). */
function codeOf(error: unknown): string | null {
  if (isTieoutError(error)) return error.code
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined
  return typeof code === 'string' ? code : null
}

process.exitCode = await main(process.argv.slice(2))
