/**
 * A small evaluator for the formulas Tieout writes (references, + − ×, SUBTOTAL(9, range), ROUND,
 * AND, IF, =), so a test can recalculate an exported workbook cell by cell, as a spreadsheet would.
 */
export type Value = number | string | boolean | null
export type Lookup = (sheet: string | null, address: string) => Value

type Token = { kind: 'num' | 'str' | 'ref' | 'name' | 'op'; text: string }

const TOKEN =
  /\s*(?:(\d+(?:\.\d+)?)|"([^"]*)"|((?:'[^']+'|[A-Za-z_][A-Za-z0-9_.-]*)!\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?|\$?[A-Z]+\$?\d+(?::\$?[A-Z]+\$?\d+)?)(?![A-Za-z(])|([A-Za-z]+)(?=\()|([-+*/(),=<>]))/y

function tokens(formula: string): Token[] {
  const out: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < formula.length) {
    const start = TOKEN.lastIndex
    const m = TOKEN.exec(formula)
    if (m === null) throw new Error(`cannot read formula ${formula} at ${start}`)
    if (m[1] !== undefined) out.push({ kind: 'num', text: m[1] })
    else if (m[2] !== undefined) out.push({ kind: 'str', text: m[2] })
    else if (m[3] !== undefined) out.push({ kind: 'ref', text: m[3] })
    else if (m[4] !== undefined) out.push({ kind: 'name', text: m[4].toUpperCase() })
    else if (m[5] !== undefined) out.push({ kind: 'op', text: m[5] })
  }
  return out
}

function columnNumber(letters: string): number {
  let n = 0
  for (const ch of letters) n = n * 26 + ch.charCodeAt(0) - 64
  return n
}

function columnLetters(n: number): string {
  let s = ''
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(65 + ((k - 1) % 26)) + s
  return s
}

function splitRef(ref: string): { sheet: string | null; from: string; to: string | null } {
  const bang = ref.lastIndexOf('!')
  const sheet = bang < 0 ? null : ref.slice(0, bang).replace(/^'|'$/g, '')
  const [from = '', to = null] = ref
    .slice(bang + 1)
    .replace(/\$/g, '')
    .split(':')
  return { sheet, from, to }
}

function cellsOf(from: string, to: string): string[] {
  const a = /^([A-Z]+)(\d+)$/.exec(from)
  const b = /^([A-Z]+)(\d+)$/.exec(to)
  if (a === null || b === null) throw new Error(`bad range ${from}:${to}`)
  const cells: string[] = []
  for (let c = columnNumber(a[1] ?? ''); c <= columnNumber(b[1] ?? ''); c++) {
    for (let r = Number(a[2]); r <= Number(b[2]); r++) cells.push(`${columnLetters(c)}${r}`)
  }
  return cells
}

const num = (v: Value): number => (typeof v === 'number' ? v : v === null || v === '' ? 0 : typeof v === 'boolean' ? Number(v) : Number.NaN)

/** `isSubtotal(sheet, address)` lets SUBTOTAL skip the subtotals inside its range, as spreadsheets do. */
export function evaluate(
  formula: string,
  lookup: Lookup,
  isSubtotal: (sheet: string | null, address: string) => boolean = () => false,
): Value {
  const ts = tokens(formula)
  let i = 0
  const peek = (): Token | undefined => ts[i]
  const take = (text?: string): Token => {
    const t = ts[i++]
    if (t === undefined || (text !== undefined && t.text !== text)) throw new Error(`expected ${text ?? 'a token'} in ${formula}`)
    return t
  }
  const args = (): (Value | Token)[] => {
    take('(')
    const list: (Value | Token)[] = []
    if (peek()?.text !== ')') {
      do {
        const t = peek()
        const next = ts[i + 1]
        if (t?.kind === 'ref' && t.text.includes(':') && (next?.text === ',' || next?.text === ')')) list.push(take())
        else list.push(comparison())
      } while (peek()?.text === ',' && take(','))
    }
    take(')')
    return list
  }
  const primary = (): Value => {
    const t = take()
    if (t.kind === 'num') return Number(t.text)
    if (t.kind === 'str') return t.text
    if (t.kind === 'ref') {
      const { sheet, from } = splitRef(t.text)
      return lookup(sheet, from)
    }
    if (t.text === '(') {
      const v = comparison()
      take(')')
      return v
    }
    if (t.text === '-') return -num(primary())
    if (t.text === '+') return num(primary())
    if (t.kind === 'name') {
      const list = args()
      const value = (a: Value | Token | undefined): Value => (typeof a === 'object' && a !== null ? null : (a ?? null))
      if (t.text === 'SUBTOTAL') {
        const range = list[1]
        if (typeof range !== 'object' || range === null || num(value(list[0])) !== 9) throw new Error(`unsupported SUBTOTAL in ${formula}`)
        const { sheet, from, to } = splitRef(range.text)
        return cellsOf(from, to ?? from)
          .filter((address) => !isSubtotal(sheet, address))
          .reduce((sum, address) => sum + num(lookup(sheet, address)), 0)
      }
      if (t.text === 'ROUND') {
        const f = 10 ** num(value(list[1]))
        return Math.round(num(value(list[0])) * f) / f
      }
      if (t.text === 'AND') return list.every((a) => value(a) === true)
      if (t.text === 'IF') return value(list[0]) === true ? value(list[1]) : value(list[2])
      throw new Error(`unsupported function ${t.text}`)
    }
    throw new Error(`unexpected ${t.text} in ${formula}`)
  }
  const term = (): Value => {
    let v = primary()
    while (peek()?.text === '*' || peek()?.text === '/') v = take().text === '*' ? num(v) * num(primary()) : num(v) / num(primary())
    return v
  }
  const sum = (): Value => {
    let v = term()
    while (peek()?.text === '+' || peek()?.text === '-') v = take().text === '+' ? num(v) + num(term()) : num(v) - num(term())
    return v
  }
  const comparison = (): Value => {
    const v = sum()
    if (peek()?.text === '=') {
      take('=')
      const w = sum()
      return typeof v === 'number' || typeof w === 'number' ? Math.abs(num(v) - num(w)) < 1e-9 : v === w
    }
    return v
  }
  const result = comparison()
  if (i !== ts.length) throw new Error(`trailing tokens in ${formula}`)
  return result
}
