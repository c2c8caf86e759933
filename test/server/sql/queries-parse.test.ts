import sqlParser from 'node-sql-parser'
import { describe, expect, it } from 'vitest'
import { EXTRACTS } from '../../../shared/extracts/catalog.ts'
import { columnNames } from '../../../shared/extracts/schema.ts'
import { queryText, sqlExtractIds } from '../../../server/sql/catalog.ts'

const parser = new sqlParser.Parser()
const JSON_LISTS = new Set(['companies', 'glAccounts', 'customerPostingGroups', 'excludedCountries', 'excludedCompanies'])
const HEADER_TYPES: Record<string, string> = { Date: 'date', Int: 'int', 'NVarChar(max)': 'nvarchar(max)' }

type Node = { readonly [key: string]: unknown }

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null
}

/** Parameters the parser saw: T-SQL variables appear as column references named `@x`. */
function astParameters(ast: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(ast)) for (const item of ast) astParameters(item, found)
  else if (isNode(ast)) {
    if (ast.type === 'column_ref' && typeof ast.column === 'string' && ast.column.startsWith('@')) found.add(ast.column.slice(1))
    if (ast.type === 'var' && typeof ast.name === 'string') found.add(ast.name.replace(/^@/, ''))
    for (const value of Object.values(ast)) astParameters(value, found)
  }
  return found
}

/** The SQL without comments and string literals, so `@` in either is not taken for a parameter. */
function codeOnly(sql: string): string {
  return sql
    .replace(/--[^\n]*/g, '')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/'(?:[^']|'')*'/g, "''")
}

function textParameters(sql: string): Set<string> {
  return new Set([...codeOnly(sql).matchAll(/@(\w+)/g)].map((match) => match[1] ?? ''))
}

function outputColumns(statement: Node): string[] {
  const columns = statement.columns
  if (!Array.isArray(columns)) throw new Error('the outermost statement has no column list')
  return columns.map((column: unknown) => {
    if (!isNode(column)) throw new Error('unexpected column node')
    if (typeof column.as === 'string') return column.as
    const expr = column.expr
    if (isNode(expr) && expr.type === 'column_ref' && typeof expr.column === 'string') return expr.column
    throw new Error(`a column without a name: ${JSON.stringify(column).slice(0, 120)}`)
  })
}

function parse(sql: string): Node {
  const ast: unknown = parser.astify(sql, { database: 'transactsql' })
  const statements = Array.isArray(ast) ? ast : [ast]
  expect(statements).toHaveLength(1)
  const statement: unknown = statements[0]
  if (!isNode(statement)) throw new Error('no statement')
  return statement
}

describe('the T-SQL catalog', () => {
  it('has one query for every extract read from SQL Server', () => {
    const sqlIds = Object.values(EXTRACTS)
      .filter((def) => def.origin === 'sql')
      .map((def) => def.id)
    expect(sqlExtractIds()).toEqual(sqlIds)
    expect(sqlIds).not.toContain('JDASH')
  })

  describe.each(sqlExtractIds())('%s', (extract) => {
    const def = EXTRACTS[extract]
    const sql = queryText(extract)

    it('parses as one T-SQL SELECT', () => {
      expect(parse(sql).type).toBe('select')
    })

    it("returns exactly the catalog's columns, in the catalog's order", () => {
      expect(outputColumns(parse(sql))).toEqual(columnNames(def))
    })

    it('uses exactly the parameters the extract declares', () => {
      const declared = [...def.parameters].sort()
      expect([...astParameters(parse(sql))].sort()).toEqual(declared)
      expect([...textParameters(sql)].sort()).toEqual(declared)
    })

    it('reads every list parameter as JSON with OPENJSON, never as text', () => {
      const code = codeOnly(sql)
      for (const name of def.parameters.filter((parameter) => JSON_LISTS.has(parameter))) {
        const all = code.match(new RegExp(`@${name}\\b`, 'g')) ?? []
        const inOpenJson = code.match(new RegExp(`OPENJSON\\(@${name}\\)`, 'g')) ?? []
        expect(inOpenJson.length, `@${name} outside OPENJSON`).toBe(all.length)
      }
    })

    it('starts with a header naming the extract, each parameter and its type, and the grain', () => {
      const header = sql
        .split('\n')
        .filter((line) => line.startsWith('--'))
        .join('\n')
      expect(sql.startsWith(`-- Tieout extract ${extract}: ${def.title}\n`)).toBe(true)
      expect(header).toMatch(/-- Grain: /)
      for (const name of def.parameters) {
        const type = HEADER_TYPES[name.startsWith('fx') ? 'Int' : JSON_LISTS.has(name) ? 'NVarChar(max)' : 'Date'] ?? ''
        expect(header).toMatch(new RegExp(`--\\s+@${name}\\s+${type.replace(/[()]/g, '\\$&')}\\s`))
      }
    })

    it('takes its dates from parameters: no clock, no global temp tables', () => {
      const code = codeOnly(sql)
      expect(code).not.toMatch(/GETDATE|SYSDATETIME|CURRENT_TIMESTAMP|GETUTCDATE/i)
      expect(code).not.toMatch(/##/)
    })

    it('writes constant dates as YYYYMMDD, which no DATEFORMAT setting can misread', () => {
      const withStrings = sql.replace(/--[^\n]*/g, '')
      expect(withStrings).not.toMatch(/'\d{4}-\d{2}-\d{2}/)
    })
  })

  it('bounds every period timestamp by @nextPeriodStart with < or >=, never <= (methodology §2)', () => {
    for (const extract of sqlExtractIds()) {
      expect(codeOnly(queryText(extract)), extract).not.toMatch(/<=\s*@nextPeriodStart/)
    }
  })

  it('filters CR_04 on CLOSING_DATE = @closingDate and IPE_07 on Posting Date <= @closingDate', () => {
    expect(codeOnly(queryText('CR_04'))).toMatch(/\[CLOSING_DATE\] = @closingDate/)
    expect(codeOnly(queryText('IPE_07'))).toMatch(/\[Posting Date\] <= @closingDate/)
  })

  it('bounds CR_03 to [@yearStart, @nextPeriodStart) on both the detailed and the G/L posting dates', () => {
    const code = codeOnly(queryText('CR_03'))
    expect(code).toMatch(/d\.\[Posting Date\] >= @yearStart\s+AND d\.\[Posting Date\] < @nextPeriodStart/)
    expect(code).toMatch(/gl\.\[Posting Date\] >= @yearStart\s+AND gl\.\[Posting Date\] < @nextPeriodStart/)
  })
})
