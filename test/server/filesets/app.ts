import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onTestFinished } from 'vitest'
import type { Role } from '../../../shared/api/common.ts'
import { loadConfig } from '../../../server/config.ts'
import type { FilesetLimits } from '../../../server/filesets/limits.ts'
import filesetsRoutes from '../../../server/routes/api/filesets/index.ts'
import { createServer, type ServerWiring } from '../../../server/server.ts'
import { ENTITIES, fakeEvidence, reconcileWorkflow, type TestApp } from '../../helper.ts'
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
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tieout-filesets-'))
  const evidence = fakeEvidence()
  const config = loadConfig({}, { dataDir, demo: true, addinDir: join(dataDir, 'no-addin'), filesRoot: join(dataDir, 'files') })
  const tokens: Partial<Record<Role, string>> = {}
  const app = await createServer(
    config,
    {
      services: { evidence, entities: { list: async () => ENTITIES } },
      workflows: [reconcileWorkflow()],
      engine: { sleep: async () => {} },
      onDemoTokens: (demo) => {
        for (const token of demo) if (token.token) tokens[token.role] = token.token
      },
      ...options.wiring,
    },
    { logger: false },
  )
  if (options.limited) await app.register(filesetsRoutes, { prefix: LIMITED_PREFIX, limits: options.limited })
  await app.ready()
  onTestFinished(async () => {
    await app.close()
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true })
  })
  const all = tokens as Record<Role, string>
  return { app, dataDir, evidence, tokens: all, as: (role) => ({ authorization: `Bearer ${all[role]}` }) }
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
