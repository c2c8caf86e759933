import { describe, expect, it } from 'vitest'
import { buildEvidenceSheet } from '../../../shared/sheets/evidence.ts'
import { makeRunResult, sha } from '../../support/result-fixture.ts'
import { record, rowsWhere } from './lookup.ts'

const records = (sheet: ReturnType<typeof buildEvidenceSheet>, section: string) =>
  rowsWhere(sheet, 'Section', section)
    .filter((r) => r.style !== 'section')
    .map((r) => record(sheet, r))

describe('Evidence sheet', () => {
  it('names the run, period, source and product version', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Run')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Item: 'Run id', Description: 'run-2025-09-0001' }),
        expect.objectContaining({ Item: 'Product version', Description: 'tieout 0.1.0' }),
      ]),
    )
  })

  it('shows the derived dates of the period as dates (methodology §2)', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Derived dates').map((r) => [r.Item, r.Date ?? r.Description])).toEqual([
      ['closingDate', '2025-09-30'],
      ['periodStart', '2025-09-01'],
      ['nextPeriodStart', '2025-10-01'],
      ['yearStart', '2025-01-01'],
      ['timingWindowStart', '2024-10-01'],
      ['FX period', '2025-09'],
    ])
  })

  it('lists every extract with its rows and SHA-256', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    const extracts = records(sheet, 'Extracts')
    expect(extracts).toHaveLength(13)
    expect(extracts).toContainEqual(expect.objectContaining({ Item: 'CR_03', Count: 4210, 'SHA-256': sha('CR_03') }))
  })

  it('shows quality results, including warnings with their rows', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Quality checks')).toContainEqual(
      expect.objectContaining({
        Item: 'IPE_31',
        Reference: 'warning key-uniqueness',
        Description: 'duplicate key in IPE_31 [ID] rows 4, 6',
        Count: 2,
      }),
    )
  })

  it('lists configuration files with their SHA-256', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Configuration')).toContainEqual(
      expect.objectContaining({ Item: 'rule-catalog', Description: 'config/rule-catalog.json', 'SHA-256': sha('rule-catalog') }),
    )
  })

  it('shows the manifest hash and the package files when given', () => {
    const sheet = buildEvidenceSheet(makeRunResult(), {
      manifestSha256: sha('manifest'),
      files: [{ path: 'results/Bridges.csv', bytes: 2048, sha256: sha('bridges') }],
    })
    expect(records(sheet, 'Run')).toContainEqual(expect.objectContaining({ Item: 'Manifest', 'SHA-256': sha('manifest') }))
    expect(records(sheet, 'Evidence files')).toEqual([
      expect.objectContaining({ Item: 'results/Bridges.csv', Count: 2048, 'SHA-256': sha('bridges') }),
    ])
  })

  it('lists uncategorized 18412 rows with entry no. as text, document no., date and amount', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Uncategorized 18412 rows')[0]).toMatchObject({
      Item: '884211',
      Entity: 'EC_NG',
      Reference: 'MAN-0042',
      Description: '=HYPERLINK("x") manual fix; user JUMIA\\A.BELLO',
      Date: '2025-09-12',
      'Amount LCY': 18250,
    })
  })

  it('lists unmapped business uses and vouchers not found with their counts', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, 'Unmapped business uses')).toEqual([expect.objectContaining({ Item: 'marketing_promo', Count: 4 })])
    expect(records(sheet, 'Vouchers not found')).toEqual([expect.objectContaining({ Item: 'V-NG-9999', Count: 1 })])
  })

  it('counts CR_03 rows of other accounts without listing them', () => {
    const sheet = buildEvidenceSheet(makeRunResult())
    expect(records(sheet, '18412 categorization')).toContainEqual(expect.objectContaining({ Item: 'other accounts', Count: 340 }))
  })
})
