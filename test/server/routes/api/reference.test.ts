import { describe, expect, it } from 'vitest'
import { build, ENTITIES, fakeEvidence } from '../../../helper.ts'

describe('reference data', () => {
  it('GET /api/entities lists the injected entity master', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/entities', headers: test.as('preparer') })
    expect(response.json()).toEqual({ entities: ENTITIES })
  })

  it('GET /api/catalog lists every extract with its columns, kinds and parameters', async () => {
    const test = await build()
    const { extracts } = (await test.app.inject({ url: '/api/catalog', headers: test.as('auditor') })).json()
    const cr03 = extracts.find((e: { id: string }) => e.id === 'CR_03')
    expect(extracts).toHaveLength(13)
    expect(cr03).toMatchObject({ origin: 'sql', parameters: ['yearStart', 'nextPeriodStart', 'glAccounts', 'companies'] })
    expect(cr03.columns).toContainEqual({ name: 'Amount', kind: 'money', required: true, field: 'amount', aliases: [] })
  })

  it('GET /api/config returns the injected configuration view', async () => {
    const view = { accountMap: { file: 'config/account-map.json', sha256: 'ab' } }
    const test = await build({
      wiring: {
        services: {
          evidence: fakeEvidence(),
          entities: { list: async () => ENTITIES },
          configView: async () => view,
        },
      },
    })
    const response = await test.app.inject({ url: '/api/config', headers: test.as('auditor') })
    expect(response.json()).toEqual(view)
  })
})
