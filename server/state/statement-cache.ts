import type { Database as SQLiteDatabase, Statement } from 'better-sqlite3'
import type { SqliteDatabase } from 'kysely'

/** Distinct statements kept prepared; queries with `in (…)` lists of varying length make more. */
const MAX_STATEMENTS = 500

/**
 * Kysely's SQLite driver prepares every statement anew; preparing costs more than running a
 * point query. The dialect gets this view of the database, which reuses prepared statements by
 * SQL text. Safe because the driver runs one statement at a time per connection.
 */
export function withStatementCache(sqlite: SQLiteDatabase): SqliteDatabase {
  const statements = new Map<string, Statement>()
  return {
    close: () => {
      statements.clear()
      sqlite.close()
    },
    prepare: (sql) => {
      let statement = statements.get(sql)
      if (!statement) {
        if (statements.size >= MAX_STATEMENTS) statements.clear()
        statement = sqlite.prepare(sql)
        statements.set(sql, statement)
      }
      return statement
    },
  }
}
