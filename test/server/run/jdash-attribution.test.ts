import { describe, expect, it } from 'vitest'
import type { ResolvedEntity } from '../../../shared/entities.ts'
import type { JdashRow } from '../../../shared/extracts/rows.ts'
import { jdashUsageByEntity, type RunExtracts } from '../../../server/run/compute-inputs.ts'

/** Only what the attribution reads of a run's extracts: Jdash rows in file order. */
function extractsWithJdash(rows: readonly JdashRow[]): RunExtracts {
  return {
    forEach: async (_def: unknown, onRow: (row: JdashRow) => void) => rows.forEach(onRow),
  } as unknown as RunExtracts
}

const entity = (companyCode: string) => ({ companyCode }) as ResolvedEntity
const row = (companyCode: string | null, voucherId: string, amountUsed: number | null): JdashRow =>
  ({ companyCode, voucherId, amountUsed }) as JdashRow

describe('Jdash usage per entity (methodology §11 attribution)', () => {
  it('sums usage per entity and normalized voucher id, by ID_COMPANY', async () => {
    const usage = await jdashUsageByEntity(
      extractsWithJdash([
        row('EC_NG', 'v1', 500),
        row('JM_EG', 'V1', 100),
        row('EC_NG', 'V1', 250),
        row('EC_NG', ' ', 70),
        row('EC_NG', 'V2', null),
      ]),
      [entity('EC_NG'), entity('JM_EG')],
    )
    expect(usage.get('EC_NG')?.byId).toEqual(new Map([['V1', 750]]))
    expect(usage.get('EC_NG')?.withoutId).toEqual({ count: 1, amountLcy: 70 })
    expect(usage.get('EC_NG')?.withoutAmount).toBe(1)
    expect(usage.get('JM_EG')?.byId).toEqual(new Map([['V1', 100]]))
  })

  it('gives rows without ID_COMPANY to the only entity of a single-entity run', async () => {
    const usage = await jdashUsageByEntity(extractsWithJdash([row(null, 'V1', 500), row('EC_NG', 'V1', 1)]), [entity('EC_NG')])
    expect(usage.get('EC_NG')?.byId).toEqual(new Map([['V1', 501]]))
  })

  it('refuses rows without ID_COMPANY in a run of several entities, saying how many', async () => {
    const rows = [row(null, 'V1', 500), row('EC_NG', 'V2', 1), row('', 'V3', 2)]
    await expect(jdashUsageByEntity(extractsWithJdash(rows), [entity('EC_NG'), entity('JM_EG')])).rejects.toThrow(
      'JDASH: 2 row(s) have no ID_COMPANY, so they cannot be attributed in a run of 2 entities',
    )
  })
})
