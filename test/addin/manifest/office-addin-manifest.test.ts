import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { OfficeAddinManifest } from 'office-addin-manifest'
import { afterAll, describe, expect, it } from 'vitest'
import { ADDIN_ID, DEFAULT_BASE_URL, manifestXml } from '../../../addin/manifest/manifest-xml.ts'

/**
 * The manifest as Microsoft's own tooling reads it. `office-addin-manifest validate` itself cannot
 * run here: it uploads the manifest to Microsoft's validation service
 * (validationgateway.omex.office.net), and tests run offline. What can be checked offline is that
 * the package's parser (the one `office-addin-debugging` sideloads with) reads our manifest and finds
 * the values Office needs. `npx office-addin-manifest validate manifest.xml` runs the full check
 * where the network is available.
 */
const ROOT = resolve(import.meta.dirname, '../../..')
const work = mkdtempSync(join(tmpdir(), 'tieout-manifest-'))

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('manifest.xml read by office-addin-manifest', () => {
  it('the committed manifest parses as an XML task pane add-in for Excel with our id and source', async () => {
    const info = await OfficeAddinManifest.readManifestFile(join(ROOT, 'manifest.xml'))
    expect(info).toMatchObject({ id: ADDIN_ID, manifestType: 'xml', officeAppType: 'TaskPaneApp', hosts: ['Workbook'] })
    expect(info.displayName).toBe('Tieout')
    expect(info.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
    expect(info.defaultSettings?.sourceLocation).toBe(`${DEFAULT_BASE_URL}/addin/index.html`)
  })

  it('a manifest written for another server points every URL there', async () => {
    const file = join(work, 'other.xml')
    writeFileSync(file, manifestXml({ baseUrl: 'https://tieout.example.com' }))
    const info = await OfficeAddinManifest.readManifestFile(file)
    expect(info.defaultSettings?.sourceLocation).toBe('https://tieout.example.com/addin/index.html')
    expect(info.iconUrl).toMatch(/^https:\/\/tieout\.example\.com\//)
  })
})
