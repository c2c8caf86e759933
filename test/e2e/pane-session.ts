import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { buildFakeHostScript } from '../support/fake-excel/build-browser.ts'
import { CHROMIUM, launchChromium, paneContext } from './browser.ts'
import { startTieoutServer, type TieoutServer } from './tieout-server.ts'

const ROOT = resolve(import.meta.dirname, '../..')
export const SHOTS = join(import.meta.dirname, 'screenshots')
/** Chromium is there (CI always installs it): the browser tests run. */
export const canRunE2e = existsSync(CHROMIUM) || process.env.CI !== undefined

/** The task pane built into a temporary folder, the real server on loopback, and Chromium with the fake Excel host. */
export type PaneSession = {
  readonly work: string
  readonly server: TieoutServer
  readonly fakeHost: string
  readonly browser: Browser
  readonly context: BrowserContext
  readonly page: Page
  shot(name: string): Promise<Buffer>
  /** Calls the API with the demo token of a role; throws with the answer when it is not 2xx. */
  api<T>(role: 'preparer' | 'reviewer', method: string, path: string, body?: unknown): Promise<T>
  close(): Promise<void>
}

/** `beforeRun` runs once the server is up and before the browser starts (e.g. prepare a run through the API). */
export async function startPaneSession(name: string, beforeRun?: (api: PaneSession['api']) => Promise<void>): Promise<PaneSession> {
  const work = mkdtempSync(join(tmpdir(), `tieout-e2e-${name}-`))
  mkdirSync(SHOTS, { recursive: true })
  await build({
    configFile: join(ROOT, 'addin/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: join(work, 'addin'), emptyOutDir: true },
  })
  const fakeHost = await buildFakeHostScript()
  const server = await startTieoutServer(join(work, 'data'), join(work, 'addin'))
  const api = async <T>(role: 'preparer' | 'reviewer', method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${server.tokens[role]}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`)
    return (await response.json()) as T
  }
  await beforeRun?.(api)
  const browser = await launchChromium()
  const context = await paneContext(browser, fakeHost)
  const page = await context.newPage()
  return {
    work,
    server,
    fakeHost,
    browser,
    context,
    page,
    api,
    shot: (shotName) => page.screenshot({ path: join(SHOTS, `${shotName}.png`), fullPage: true }),
    close: async () => {
      await context.close()
      await browser.close()
      await server.close()
      rmSync(work, { recursive: true, force: true })
    },
  }
}
