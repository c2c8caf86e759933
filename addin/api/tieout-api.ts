import type { EntitiesResponse } from '../../shared/api/catalog.ts'
import type { Role } from '../../shared/api/common.ts'
import type { PutReviewsBody, PutReviewsResponse, ReopenResponse, ReviewsResponse, SignoffBody } from '../../shared/api/reviews.ts'
import type { RunDetail, RunList, RunListQuery, Signoff, StartRunBody, StartRunResponse } from '../../shared/api/runs.ts'
import type { RunResult } from '../../shared/result/types.ts'
import type { ClassifiedItemsPage, ListPageQuery, UncategorizedPage } from '../../shared/api/results.ts'
import type { FilesetReport } from '../../shared/api/filesets.ts'
import { ApiError, type Http } from './client.ts'

/** `GET /api/me`: who the token belongs to. */
export type Me = { readonly id: string; readonly roles: readonly Role[] }

/** `POST /api/filesets` (multipart): the uploaded extract files, checked, usable as a run source. */
export type FilesetCreated = FilesetReport

/** An upload whose files failed the quality checks: the message lists the first problems. */
export class FilesetRejectedError extends Error {
  readonly report: FilesetReport

  constructor(report: FilesetReport) {
    const problems = report.files.flatMap((file) => file.issues.filter((issue) => issue.severity === 'error').map((issue) => issue.message))
    const shown = problems.slice(0, 5).join(' · ')
    super(`The files were not accepted: ${shown}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`)
    this.name = 'FilesetRejectedError'
    this.report = report
  }
}

/** `GET /api/demo/tokens` (demo mode, loopback clients only). */
export type DemoUsers = { readonly tokens: readonly { readonly name: string; readonly role: Role; readonly token: string }[] }

const id = (runId: string): string => encodeURIComponent(runId)

function query(params: Readonly<Record<string, string | number | undefined>>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== undefined)
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString()}`
}

/** The Tieout HTTP API, typed from `shared/api/`. */
export function tieoutApi(http: Http) {
  return {
    baseUrl: http.baseUrl,
    me: () => http.json<Me>('GET', '/api/me'),
    entities: () => http.json<EntitiesResponse>('GET', '/api/entities'),
    startRun: (body: StartRunBody) => http.json<StartRunResponse>('POST', '/api/runs', body),
    runs: (filter: RunListQuery = {}) => http.json<RunList>('GET', `/api/runs${query(filter)}`),
    run: (runId: string) => http.json<RunDetail>('GET', `/api/runs/${id(runId)}`),
    cancel: (runId: string) => http.json<unknown>('POST', `/api/runs/${id(runId)}/cancel`),
    results: (runId: string) => http.json<RunResult>('GET', `/api/runs/${id(runId)}/results`),
    classifiedItems: (runId: string, page: ListPageQuery) =>
      http.json<ClassifiedItemsPage>('GET', `/api/runs/${id(runId)}/classification/items${query(page)}`),
    uncategorized: (runId: string, page: ListPageQuery) =>
      http.json<UncategorizedPage>('GET', `/api/runs/${id(runId)}/categorization/uncategorized${query(page)}`),
    reviews: (runId: string, history = false) =>
      http.json<ReviewsResponse>('GET', `/api/runs/${id(runId)}/reviews${history ? '?history=1' : ''}`),
    putReviews: (runId: string, body: PutReviewsBody) => http.json<PutReviewsResponse>('PUT', `/api/runs/${id(runId)}/reviews`, body),
    signOff: (runId: string, body: SignoffBody = {}) => http.json<Signoff>('POST', `/api/runs/${id(runId)}/signoff`, body),
    reopen: (runId: string, reason: string) => http.json<ReopenResponse>('POST', `/api/runs/${id(runId)}/reopen`, { reason }),
    events: (runId: string, lastEventId: number, signal: AbortSignal) =>
      http.request('GET', `/api/runs/${id(runId)}/events`, {
        headers: { accept: 'text/event-stream', ...(lastEventId > 0 ? { 'last-event-id': String(lastEventId) } : {}) },
        signal,
      }),
    evidence: async (runId: string) => (await http.request('GET', `/api/runs/${id(runId)}/evidence.zip`)).blob(),
    uploadFileset: (files: readonly File[]) => {
      const form = new FormData()
      for (const file of files) form.append('files', file, file.name)
      return http.request('POST', '/api/filesets', { body: form }).then(
        (response) => response.json() as Promise<FilesetCreated>,
        (error: unknown) => {
          // 422 carries the quality report of every file, not an error body.
          if (error instanceof ApiError && error.status === 422 && isReport(error.body)) throw new FilesetRejectedError(error.body)
          throw error
        },
      )
    },
  }
}

export type TieoutApi = ReturnType<typeof tieoutApi>

function isReport(body: unknown): body is FilesetReport {
  return typeof body === 'object' && body !== null && Array.isArray((body as { files?: unknown }).files)
}
