import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError, createHttp, NetworkError } from '../../../addin/api/client.ts'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('API client', () => {
  it("sends the bearer token and turns an error body into an ApiError with the server's words", async () => {
    const fetchMock = vi.fn(async () =>
      Response.json(
        { error: { code: 'TIEOUT_ERR_CONFLICT', message: 'run r1 has 2 material item(s) still Open', openItems: ['a', 'b'] } },
        { status: 409 },
      ),
    )
    vi.stubGlobal('fetch', fetchMock)
    const http = createHttp('https://tieout.example.com/', 'secret')
    const failure = http.json('POST', '/api/runs/r1/signoff', {})
    await expect(failure).rejects.toBeInstanceOf(ApiError)
    await expect(failure).rejects.toMatchObject({ status: 409, code: 'TIEOUT_ERR_CONFLICT', openItems: ['a', 'b'] })
    expect(fetchMock).toHaveBeenCalledWith(
      'https://tieout.example.com/api/runs/r1/signoff',
      expect.objectContaining({ headers: expect.objectContaining({ authorization: 'Bearer secret' }) }),
    )
  })

  it('reports an unreachable server as a NetworkError naming it', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('fetch failed'))),
    )
    await expect(createHttp('https://down.example.com', 't').json('GET', '/api/entities')).rejects.toBeInstanceOf(NetworkError)
  })
})
