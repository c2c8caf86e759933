import { describe, expect, it } from 'vitest'
import { build, ENTITIES, fakeEvidence, finishedRun } from '../../../helper.ts'

describe('error policy', () => {
  it('an unexpected failure is a 500 with a generic message, logged with method and URL', async () => {
    const lines: string[] = []
    const evidence = { ...fakeEvidence(), verify: async () => Promise.reject(new Error('Kaboom!')) }
    const test = await build({
      logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
      wiring: { services: { evidence, entities: { list: async () => ENTITIES } } },
    })
    const id = await finishedRun(test)
    const response = await test.app.inject({ method: 'POST', url: `/api/runs/${id}/evidence/verify`, headers: test.as('auditor') })
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({ error: { code: 'TIEOUT_ERR_INTERNAL', message: 'internal error; the server log has the details' } })
    const logged = lines.map((line) => JSON.parse(line)).find((entry) => entry.msg === 'request failed')
    expect(logged).toMatchObject({ method: 'POST', url: `/api/runs/${id}/evidence/verify`, err: { message: 'Kaboom!' } })
  })
})
