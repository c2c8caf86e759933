import { createServer, type Server, type Socket } from 'node:net'
import type { MssqlConfig } from '../../../server/sources/mssql-config.ts'
import { type DataProvider, demoProvider } from './answers.ts'
import { Session, type TdsFaults, type TdsStats } from './session.ts'
import type { ErrorInfo } from './tokens.ts'

export type { DataProvider, ExtractData, ExtractQuery } from './answers.ts'
export type { ExtractCall, TdsFaults, TdsStats } from './session.ts'
export { demoProvider } from './answers.ts'
export { syntheticProvider } from './synthetic.ts'

/**
 * A SQL Server test double speaking TDS 7.4 over `node:net`, for the real `mssql`/`tedious`
 * client. It answers PRELOGIN with ENCRYPT_NOT_SUP (clients continue unencrypted unless
 * `encrypt: 'strict'`), accepts any login, and answers each catalog query, recognised by its
 * header comment `-- Tieout extract <ID>:`, with the demo generator's rows for the period and
 * companies its parameters bind. Faults can be injected per instance.
 */
export type TdsDoubleOptions = {
  /** 0 (default) picks a free port. */
  readonly port?: number
  readonly host?: string
  readonly faults?: TdsFaults
  /** Demo generator scale and seed (defaults: 0.02, the generator's seed). */
  readonly scale?: number
  readonly seed?: number
  /** Period for queries that bind none (the entity master); default 2025-09. */
  readonly defaultPeriod?: string
  /** Replaces the demo generator as the source of rows. */
  readonly data?: DataProvider
  /** Database reported at login when the client names none. */
  readonly database?: string
}

export type TdsDouble = {
  readonly host: string
  readonly port: number
  readonly stats: TdsStats
  readonly faults: TdsFaults
  /** Replaces the faults; opening or closing the port as `refuseConnections` says. */
  setFaults(faults: TdsFaults): Promise<void>
  /** A source configuration pointing at this double (unencrypted SQL login). */
  mssqlConfig(overrides?: Partial<MssqlConfig>): MssqlConfig
  close(): Promise<void>
}

export async function startTdsDouble(options: TdsDoubleOptions = {}): Promise<TdsDouble> {
  const host = options.host ?? '127.0.0.1'
  const stats: TdsStats = { connections: 0, logins: [], queries: [], rowsSent: 0, drainWaits: 0, attentions: 0, resets: 0, errorsSent: [] }
  let faults: TdsFaults = options.faults ?? {}
  let errorsLeft = faults.queryError?.times ?? 0
  const sockets = new Set<Socket>()
  const context = {
    stats,
    faults: () => faults,
    takeQueryError: (extract: string): ErrorInfo | null => {
      const fault = faults.queryError
      if (!fault || errorsLeft <= 0 || (fault.extract !== undefined && fault.extract !== extract)) return null
      errorsLeft--
      return { number: fault.number, message: fault.message ?? defaultMessage(fault.number) }
    },
    provider: options.data ?? demoProvider({ scale: options.scale ?? 0.02, seed: options.seed }),
    defaultPeriod: options.defaultPeriod ?? '2025-09',
    database: options.database ?? 'AIG_Nav_Jumia_Reconciliation',
  }
  const server = createServer((socket) => {
    stats.connections++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    new Session(socket, context)
  })
  const port = await listen(server, options.port ?? 0, host)
  if (faults.refuseConnections) await stopListening(server)

  return {
    host,
    port,
    stats,
    get faults() {
      return faults
    },
    async setFaults(next) {
      const wasRefusing = faults.refuseConnections === true
      faults = next
      errorsLeft = next.queryError?.times ?? 0
      if (next.refuseConnections && !wasRefusing) await stopListening(server)
      if (!next.refuseConnections && wasRefusing) await listen(server, port, host)
    },
    mssqlConfig: (overrides = {}) => ({
      server: host,
      port,
      database: context.database,
      authentication: { type: 'sql', user: 'tieout', password: 'not-a-secret' },
      encrypt: false,
      trustServerCertificate: true,
      poolMax: 4,
      requestTimeoutMs: 30_000,
      connectTimeoutMs: 5_000,
      appName: 'tieout-test',
      ...overrides,
    }),
    async close() {
      for (const socket of sockets) socket.destroy()
      await stopListening(server)
    },
  }
}

function defaultMessage(number: number): string {
  if (number === 1205)
    return 'Transaction (Process ID 51) was deadlocked on lock resources with another process and has been chosen as the deadlock victim. Rerun the transaction.'
  return `Injected error ${number}.`
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.removeListener('error', reject)
      const address = server.address()
      resolve(typeof address === 'object' && address ? address.port : port)
    })
  })
}

function stopListening(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve()
    server.close(() => resolve())
  })
}
