import type { ExtractId } from './extracts/schema.ts'
import type { QualityIssue, QualityReport } from './result/types.ts'

/**
 * Text that XML 1.0 cannot hold: C0 control characters other than tab, line feed and carriage
 * return, the non-characters U+FFFE and U+FFFF, and UTF-16 surrogates that are not part of a pair.
 * An .xlsx is XML: one such character makes Excel refuse the whole workbook.
 */
const XML_UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** What stands in for a character XML cannot hold: U+FFFD REPLACEMENT CHARACTER. */
export const XML_REPLACEMENT = '\uFFFD'

export function hasXmlUnsafeText(text: string): boolean {
  XML_UNSAFE.lastIndex = 0
  return XML_UNSAFE.test(text)
}

/** The text with each character XML cannot hold replaced by U+FFFD; the same string when there is none. */
export function xmlSafeText(text: string): string {
  return hasXmlUnsafeText(text) ? text.replace(XML_UNSAFE, XML_REPLACEMENT) : text
}

/** Where a JSON value holds such text: the number of strings, and the first few paths (`bridges[0].lines[3].description`). */
export type XmlUnsafeFinding = { readonly count: number; readonly paths: readonly string[] }

export function findXmlUnsafeText(value: unknown, maxPaths = 5): XmlUnsafeFinding {
  const paths: string[] = []
  let count = 0
  const visit = (item: unknown, path: string): void => {
    if (typeof item === 'string') {
      if (!hasXmlUnsafeText(item)) return
      count += 1
      if (paths.length < maxPaths) paths.push(path)
    } else if (Array.isArray(item)) {
      item.forEach((element, index) => visit(element, `${path}[${index}]`))
    } else if (item !== null && typeof item === 'object') {
      for (const [key, element] of Object.entries(item)) visit(element, path === '' ? key : `${path}.${key}`)
    }
  }
  visit(value, '')
  return { count, paths }
}

/** The extract a section of the result takes its text from, where one does. */
const SECTION_EXTRACT: Readonly<Record<string, ExtractId>> = {
  entities: 'ENTITIES',
  classification: 'IPE_31',
  categorization: 'CR_03',
}

/**
 * The result with a quality note (a warning) when some of its text cannot be written to a
 * workbook as it is: the workbook shows U+FFFD in its place, result.json keeps the original.
 * The note goes to the report of the extract the section's text comes from, else the first one.
 */
export function withXmlTextNotes<R extends { readonly quality: readonly QualityReport[] }>(result: R): R {
  const { quality, ...rest } = result
  const finding = findXmlUnsafeText(rest)
  if (finding.count === 0 || quality.length === 0) return result
  const section = finding.paths[0]?.split(/[.[]/)[0] ?? ''
  const extract = SECTION_EXTRACT[section]
  const target = Math.max(
    0,
    quality.findIndex((report) => report.extract === extract),
  )
  const noun = finding.count === 1 ? 'value holds' : 'values hold'
  const issue: QualityIssue = {
    check: 'types',
    severity: 'warning',
    message:
      `${finding.count} text ${noun} characters an .xlsx cannot store (U+FFFE, U+FFFF, control characters or an unpaired surrogate), ` +
      `at ${finding.paths.join(', ')}${finding.count > finding.paths.length ? ', …' : ''}; ` +
      'the workbook shows U+FFFD in their place, result.json and the evidence keep the original text',
  }
  return {
    ...result,
    quality: quality.map((report, index) => (index === target ? { ...report, issues: [...report.issues, issue] } : report)),
  }
}
