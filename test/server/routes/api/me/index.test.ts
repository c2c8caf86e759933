import { describe, expect, it } from 'vitest'
import { build } from '../../../../helper.ts'

describe('GET /api/me', () => {
  it('tells a client who its token belongs to and its roles', async () => {
    const test = await build()
    const response = await test.app.inject({ url: '/api/me', headers: test.as('reviewer') })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toEqual({ id: expect.stringContaining('reviewer'), roles: ['reviewer'], via: 'token' })
  })

  it('needs a token', async () => {
    const test = await build()
    expect((await test.app.inject({ url: '/api/me' })).statusCode).toBe(401)
  })
})
