import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Role } from '../../../shared/api/common.ts'
import type { FastifyInstance } from 'fastify'
import type { FilesetLimits } from '../../../server/filesets/limits.ts'
import filesetsRoutes from '../../../server/routes/api/filesets/index.ts'
import type { ServerWiring } from '../../../server/server.ts'
import { build, type TestApp } from '../../helper.ts'
import type { MultipartBody } from './multipart.ts'

/**
 * `build()` of test/helper.ts, plus the `/api/filesets` routes mounted a second time with small
 * limits (so size limits are tested without gigabytes): the app on a temporary data directory.
 */
export type FilesetsBuildOptions = {
  readonly wiring?: Partial<ServerWiring>
  readonly dataDir?: string
  /** Also mounts the routes at `LIMITED_PREFIX` with these limits. */
  readonly limited?: FilesetLimits
}

export const LIMITED_PREFIX = '/api/limited-filesets'

export async function buildWithFilesets(options: FilesetsBuildOptions = {}): Promise<TestApp> {
  const limited = options.limited
  return build({
    ...(options.wiring ? { wiring: options.wiring } : {}),
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(limited
      ? {
          extend: async (app: FastifyInstance) => {
            await app.register(filesetsRoutes, { prefix: LIMITED_PREFIX, limits: limited })
          },
        }
      : {}),
  })
}

/** `POST /api/filesets` with a multipart body, as `role` (preparer by default). */
export function upload(test: TestApp, body: MultipartBody, options: { role?: Role; url?: string } = {}) {
  const headers = { ...test.as(options.role ?? 'preparer'), ...body.headers }
  return test.app.inject({ method: 'POST', url: options.url ?? '/api/filesets', headers, payload: body.payload })
}

/** What is left under `<dataDir>/filesets`: sealed filesets and unfinished uploads. */
export function filesetFolders(test: TestApp): string[] {
  const root = join(test.dataDir, 'filesets')
  return existsSync(root) ? readdirSync(root).sort() : []
}
