import { resolve } from 'node:path'
import { ROLES, type Role, TOKEN_NAME_PATTERN } from '../../shared/api/common.ts'
import { createApiToken } from '../plugins/app/auth/tokens.ts'
import { openStateStore } from '../state/open-store.ts'
import { parseCommand, requireString, UsageError } from './args.ts'

const HELP = `Usage: tieout tokens create --role ROLE --name NAME [--data-dir DIR]

Issues an API token in the data directory's state store (default ./data, or TIEOUT_DATA_DIR), the
one the server uses, and prints it once on stdout: only its SHA-256 is kept. ROLE is one of
${ROLES.join(', ')}; NAME (1 to 64 letters, digits, dots, dashes or underscores) identifies the
caller in the journal and must not belong to an active token. A running server accepts it at once.`

export async function run(argv: string[]): Promise<number> {
  const { options, positionals } = parseCommand(argv, {
    role: { type: 'string' },
    name: { type: 'string' },
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  })
  if (options.help) {
    process.stdout.write(`${HELP}\n`)
    return 0
  }
  const [action, ...extra] = positionals
  if (action !== 'create' || extra.length > 0) {
    throw new UsageError(
      action === undefined ? 'say what to do: tokens create' : `unknown action "${[action, ...extra].join(' ')}" (only: create)`,
    )
  }
  const role = requireString(options, 'role')
  if (!(ROLES as readonly string[]).includes(role)) throw new UsageError(`--role: "${role}" must be one of ${ROLES.join(', ')}`)
  const name = requireString(options, 'name')
  if (!new RegExp(TOKEN_NAME_PATTERN).test(name)) {
    throw new UsageError(`--name: "${name}" must be 1 to 64 letters, digits, dots, dashes or underscores`)
  }
  const dataDir = resolve(typeof options['data-dir'] === 'string' ? options['data-dir'] : (process.env.TIEOUT_DATA_DIR ?? 'data'))
  const store = await openStateStore({ dataDir, databaseUrl: process.env.TIEOUT_DATABASE_URL || null })
  try {
    const created = await createApiToken(store.db, { name, role: role as Role })
    process.stderr.write(`API token "${created.name}" (${created.role}) created; it is shown only now:\n`)
    process.stdout.write(`${created.token}\n`)
    return 0
  } finally {
    await store.close()
  }
}
