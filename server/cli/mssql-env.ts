import { mssqlConfigFromEnv } from '../sources/mssql-config.ts'
import { createMssqlSource } from '../sources/mssql.ts'
import type { Source } from '../sources/source.ts'

/** A SQL Server source configured from the `TIEOUT_MSSQL_*` environment variables. */
export function mssqlFromEnvironment(): Source {
  return createMssqlSource(mssqlConfigFromEnv(process.env))
}
