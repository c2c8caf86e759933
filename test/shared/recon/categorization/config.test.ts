import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import type { Cr03Row } from '../../../../shared/extracts/rows.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import { categorizeEntry, createCategorizationContext, parseCategorizationConfig } from '../../../../shared/recon/categorization.ts'
import { createVoucherLookup } from '../../../../shared/recon/voucher-lookup.ts'
import { rowOf, type PlainAmounts } from '../../../support/plain-amounts.ts'

const FILE = 'config/categorization.json'

function configError(json: unknown): TieoutError {
  try {
    parseCategorizationConfig(json, FILE)
  } catch (error) {
    if (error instanceof TieoutError) return error
    throw error
  }
  throw new Error('expected a configuration error')
}

const row = (o: Partial<PlainAmounts<Cr03Row>>): Cr03Row =>
  rowOf<Cr03Row>({
    companyCode: 'EC_NG',
    entryNo: 1,
    documentNo: null,
    voucherNo: null,
    postingDate: null,
    documentType: null,
    account: '18412',
    description: null,
    amount: -100,
    balAccountType: null,
    userId: null,
    comment: null,
    ...o,
  })

describe('categorization config (methodology §5 "configured list")', () => {
  it('ships the default integration user JUMIA/NAV31AFR.BATCH.SRVC', () => {
    const json: unknown = JSON.parse(readFileSync(new URL('../../../../config/categorization.json', import.meta.url), 'utf8'))
    expect(parseCategorizationConfig(json, FILE)).toEqual({ version: 1, integrationUsers: ['JUMIA/NAV31AFR.BATCH.SRVC'] })
  })

  it.each([
    [null, 'must be a JSON object'],
    [[], 'must be a JSON object'],
    [{ integrationUsers: ['A'] }, 'field "version" must be 1'],
    [{ version: 2, integrationUsers: ['A'] }, 'field "version" must be 1, found 2'],
    [{ version: 1 }, 'field "integrationUsers" must be a list'],
    [{ version: 1, integrationUsers: 'A' }, 'field "integrationUsers" must be a list'],
    [{ version: 1, integrationUsers: [] }, 'field "integrationUsers" must list at least one user id'],
    [{ version: 1, integrationUsers: ['A', ' '] }, 'field "integrationUsers[1]" must be a non-blank user id'],
    [{ version: 1, integrationUsers: ['A', 7] }, 'field "integrationUsers[1]" must be a non-blank user id'],
    [{ version: 1, integrationUsers: ['A'], integrationUser: 'B' }, 'unknown field "integrationUser"'],
  ])('rejects %j with TIEOUT_ERR_BAD_CONFIG naming the file and field', (json, detail) => {
    const error = configError(json)
    expect(error.code).toBe('TIEOUT_ERR_BAD_CONFIG')
    expect(error.message).toContain(`configuration ${FILE}: ${detail}`)
  })

  it('builds a context whose integration users are normalized as User ID is', () => {
    const config = parseCategorizationConfig({ version: 1, integrationUsers: [' jumia\\nav31afr.batch.srvc '] }, FILE)
    const context = createCategorizationContext(config, ['ng'], createVoucherLookup([], []))
    expect(context.integrationUsers).toEqual(new Set(['JUMIA/NAV31AFR.BATCH.SRVC']))
    expect(categorizeEntry(row({ userId: 'JUMIA/NAV31AFR.BATCH.SRVC' }), context).integrationType).toBe('Integration')
  })

  it('upper-cases the in-scope country codes of the entity master', () => {
    const config = parseCategorizationConfig({ version: 1, integrationUsers: ['X'] }, FILE)
    const context = createCategorizationContext(config, [' ng', 'KE'], createVoucherLookup([], []))
    expect(categorizeEntry(row({ documentNo: 'NG-001' }), context).voucherType).toBe('Store Credit')
  })

  it('rejects a country code that is not ISO-2', () => {
    const config = parseCategorizationConfig({ version: 1, integrationUsers: ['X'] }, FILE)
    expect(() => createCategorizationContext(config, ['NGA'], createVoucherLookup([], []))).toThrow(/country code "NGA" is not ISO-2/)
  })
})
