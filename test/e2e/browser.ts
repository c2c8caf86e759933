import { chromium, type Browser, type BrowserContext } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const OFFICE_JS = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js'

/** Debian's Chromium, headless, with nothing that phones home (no network but loopback here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A context as narrow as a task pane gets (320 px) (Playwright gives each a fresh profile). Only loopback is reachable;
 * the office.js CDN URL answers with the fake host when one is given. Routes run in reverse
 * order of registration, so the blocker goes first.
 */
export async function paneContext(browser: Browser, fakeHost: string | null): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 320, height: 900 }, acceptDownloads: true })
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname
    return host === '127.0.0.1' || host === 'localhost' ? route.continue() : route.abort('blockedbyclient')
  })
  if (fakeHost !== null) {
    await context.route(OFFICE_JS, (route) => route.fulfill({ status: 200, contentType: 'application/javascript', body: fakeHost }))
  }
  return context
}
