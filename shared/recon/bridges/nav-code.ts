/**
 * A NAV Code value (customer no, posting group, busline) as the bridges compare it: trimmed and
 * upper-cased, blank is null. NAV stores Code fields upper-case, so this changes nothing read from
 * SQL Server and makes a hand-edited file (" retail") compare like the database ("RETAIL"), in
 * line with methodology §11 "text equality".
 */
export function navCode(value: string | null): string | null {
  const code = (value ?? '').trim().toUpperCase()
  return code === '' ? null : code
}
