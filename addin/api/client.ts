import type { ErrorBody, OpenItem } from '../../shared/api/common.ts'

/** A refusal from the Tieout server, with its code and message as the server wrote them. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  /** Sign-off refused: the material line keys still Open. */
  readonly openItems: readonly string[]
  /** Sign-off refused: each open item in words (bridge, entity, business key, amount, description). */
  readonly items: readonly OpenItem[]
  /** The answer's JSON when it was not an error body (an upload's quality report). */
  readonly body: unknown

  constructor(
    status: number,
    code: string,
    message: string,
    openItems: readonly string[] = [],
    body: unknown = null,
    items: readonly OpenItem[] = [],
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.openItems = openItems
    this.items = items
    this.body = body
  }
}

/** The server could not be reached at all (down, wrong URL, certificate, CORS). */
export class NetworkError extends Error {
  constructor(url: string, cause: unknown) {
    super(`The Tieout server at ${url} could not be reached.`, { cause })
    this.name = 'NetworkError'
  }
}

export type Http = {
  readonly baseUrl: string
  request(
    method: string,
    path: string,
    init?: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal },
  ): Promise<Response>
  json<T>(method: string, path: string, body?: unknown): Promise<T>
}

/** Bearer-token HTTP to the API; every non-2xx answer becomes an `ApiError` with the server's text. */
export function createHttp(baseUrl: string, token: string): Http {
  const root = baseUrl.replace(/\/+$/, '')
  async function request(
    method: string,
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...init.headers }
    let body: BodyInit | undefined
    if (init.body instanceof FormData) body = init.body
    else if (init.body !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.body)
    }
    let response: Response
    try {
      response = await fetch(`${root}${path}`, { method, headers, body, signal: init.signal })
    } catch (error) {
      if (init.signal?.aborted) throw error
      throw new NetworkError(root, error)
    }
    if (!response.ok) throw await apiErrorOf(response)
    return response
  }
  async function json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await request(method, path, { body, headers: { accept: 'application/json' } })
    return (await response.json()) as T
  }
  return { baseUrl: root, request, json }
}

async function apiErrorOf(response: Response): Promise<ApiError> {
  const text = await response.text()
  try {
    const parsed = JSON.parse(text) as Partial<ErrorBody>
    if (!parsed.error)
      return new ApiError(response.status, `HTTP_${response.status}`, response.statusText || `HTTP ${response.status}`, [], parsed)
    const { error } = parsed
    return new ApiError(response.status, error.code, error.message, error.openItems ?? [], null, error.items ?? [])
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, text.trim() || response.statusText || `HTTP ${response.status}`)
  }
}
