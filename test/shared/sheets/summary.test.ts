import { describe, expect, it } from 'vitest'
import { buildWorkbook } from '../../../shared/sheets/build.ts'
import { sealedStatus, statusFromRun } from '../../../shared/sheets/signoff.ts'
import { buildSummarySheet } from '../../../shared/sheets/summary.ts'
import { fitsOnePageWide } from '../../../shared/sheets/print.ts'
import type { Sheet } from '../../../shared/sheets/model.ts'
import { makeReview, makeRunResult } from '../../support/result-fixture.ts'
import { record, rowsWhere } from './lookup.ts'

const SEALED = sealedStatus('p.adeyemi', '2025-10-05T18:00:00.000Z')

const DETAIL = {
  preparer: 'p.adeyemi',
  createdAt: '2025-10-05T17:59:00.000Z',
  finishedAt: '2025-10-05T18:00:00.000Z',
  supersededBy: null,
  signoffs: [
    {
      runId: 'run-2025-09-0001',
      reviewer: 'r.okafor',
      comment: '',
      at: '2025-10-07T10:00:00.000Z',
      superseded: false,
      supersededBy: null,
      reopened: null,
    },
  ],
  evidence: { manifestHash: 'a'.repeat(64), appendixHead: 'b'.repeat(64), appendixCount: 3, keyFingerprint: null },
}

function alerts(sheet: Sheet): string[] {
  return (sheet.alertLines ?? []).map((i) => sheet.preamble[i] ?? '')
}

describe('Summary sheet', () => {
  it('is the first sheet, followed by Variance, Roll-forward, Bridges, Classification and Evidence', () => {
    const names = buildWorkbook(makeRunResult(), new Map()).sheets.map((s) => s.name)
    expect(names).toEqual(['Summary', 'Variance', 'Roll-forward', 'Bridges', 'Classification', 'Evidence'])
  })

  it('as sealed: prepared by, NOT SIGNED OFF in red, manifest still to be written', () => {
    const sheet = buildSummarySheet(makeRunResult(), SEALED, null)
    expect(sheet.preamble).toEqual(
      expect.arrayContaining([
        'Prepared by: p.adeyemi at 2025-10-05T18:00:00 UTC',
        'Reviewed by: no review recorded',
        'Signed off: NOT SIGNED OFF',
        'This workbook: the copy sealed in the evidence package, as at sealing',
      ]),
    )
    expect(alerts(sheet)).toEqual(['Signed off: NOT SIGNED OFF'])
    expect(sheet.preamble[1]).toContain('run id run-2025-09-0001; source demo')
  })

  it('after sign-off: last reviewer, signer and time, manifest hash and appendix head; nothing in red', () => {
    const reviews = [
      makeReview({ reviewer: 'r.okafor', reviewedAt: '2025-10-06T09:15:00.000Z' }),
      makeReview({ reviewer: 'a.bello', reviewedAt: '2025-10-06T11:00:00.000Z' }),
    ]
    const sheet = buildSummarySheet(makeRunResult(), statusFromRun(DETAIL, reviews, 'downloaded 2025-10-08 09:00:00 UTC'), null)
    expect(sheet.preamble).toEqual(
      expect.arrayContaining([
        'Reviewed by (last review): a.bello at 2025-10-06T11:00:00 UTC',
        'Signed off by: r.okafor at 2025-10-07T10:00:00 UTC',
        `Manifest SHA-256: ${'a'.repeat(64)}`,
        `Appendix head SHA-256: ${'b'.repeat(64)} (3 records)`,
      ]),
    )
    expect(alerts(sheet)).toEqual([])
  })

  it('a reopened sign-off is no sign-off: NOT SIGNED OFF and REOPENED with the reason, both in red', () => {
    const [signoff] = DETAIL.signoffs
    const detail = {
      ...DETAIL,
      signoffs: [{ ...signoff!, reopened: { by: 'r.okafor', at: '2025-10-08T08:00:00.000Z', reason: 'FX rate corrected' } }],
    }
    const sheet = buildSummarySheet(makeRunResult(), statusFromRun(detail, [], 'now'), null)
    expect(alerts(sheet)).toEqual([
      'Signed off: NOT SIGNED OFF',
      'State: REOPENED by r.okafor at 2025-10-08T08:00:00 UTC: FX rate corrected',
    ])
  })

  it('a superseded run says so in red', () => {
    const sheet = buildSummarySheet(makeRunResult(), statusFromRun({ ...DETAIL, supersededBy: 'run-2025-09-0002' }, [], 'now'), null)
    expect(alerts(sheet)).toContain('State: SUPERSEDED by run run-2025-09-0002')
  })

  it('keeps the same number of lines in every state, so a refreshed block fits the written sheet', () => {
    const sealed = buildSummarySheet(makeRunResult(), SEALED, null)
    const signed = buildSummarySheet(makeRunResult(), statusFromRun(DETAIL, [], 'now'), null)
    expect(signed.preamble).toHaveLength(sealed.preamble.length)
    expect(signed.preamble).toContain('State: signed off, locked')
  })

  it('explains each entity conclusion in words and lists the groups to investigate with their own figures', () => {
    const sheet = buildSummarySheet(makeRunResult(), SEALED, null)
    const ng = rowsWhere(sheet, 'Entity', 'EC_NG').map((r) => record(sheet, r))
    expect(ng[0]).toMatchObject({ Status: 'INVESTIGATE', 'Threshold USD': 10000 })
    expect(String(ng[0]?.Why)).toMatch(
      /groups are above their threshold\. .*come to 4,088\.25 USD, within the country materiality of 10,000\.00 USD/,
    )
    expect(ng.slice(1)).toContainEqual(
      expect.objectContaining({ 'Conclusion / account group': 'Customer AR', 'Unexplained USD': 2058.68, 'Threshold USD': 1000 }),
    )
    expect(sheet.rows.some((r) => JSON.stringify(r.cells).includes('Σ'))).toBe(false)
  })

  it('ends with a legend of the tick marks and statuses it uses', () => {
    const sheet = buildSummarySheet(makeRunResult(), SEALED, null)
    const legend = sheet.rows
      .slice(sheet.rows.findIndex((r) => r.style === 'section') + 1)
      .map((r) => record(sheet, r)['Conclusion / account group'])
    expect(legend).toEqual(expect.arrayContaining(['✓', '✗', 'OK', 'INVESTIGATE', 'FX_MISSING', 'NO_TV']))
  })
})

describe('Summary sheet print width', () => {
  it('fits one page wide at 70 % or more', () => {
    expect(fitsOnePageWide(buildSummarySheet(makeRunResult(), SEALED, null))).toBe(true)
  })
})
