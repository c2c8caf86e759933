import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ADDIN_ID, DEFAULT_BASE_URL, manifestXml } from '../../../addin/manifest/manifest-xml.ts'
import { child, children, descendants, parseXml, type XmlElement } from './xml-tree.ts'

const ROOT = resolve(import.meta.dirname, '../../..')
const BASE = 'https://tieout.example.com:8443'

function path(root: XmlElement, ...names: string[]): XmlElement {
  return names.reduce((element, name) => child(element, name), root)
}

function urlsOf(root: XmlElement): string[] {
  return descendants(root).flatMap((e) => {
    const value = e.attributes.DefaultValue ?? ''
    return value.startsWith('http') ? [value] : []
  })
}

describe('manifest.xml', () => {
  const manifest = parseXml(manifestXml({ baseUrl: BASE }))

  it('is a task pane add-in for Excel workbooks requiring ExcelApi 1.12', () => {
    expect(manifest.name).toBe('OfficeApp')
    expect(manifest.attributes['xsi:type']).toBe('TaskPaneApp')
    expect(path(manifest, 'Id').text).toBe(ADDIN_ID)
    expect(path(manifest, 'Id').text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    expect(path(manifest, 'Version').text).toMatch(/^\d{1,5}(\.\d{1,5}){3}$/)
    expect(children(path(manifest, 'Hosts'), 'Host').map((h) => h.attributes.Name)).toEqual(['Workbook'])
    expect(path(manifest, 'Requirements', 'Sets', 'Set').attributes).toEqual({ Name: 'ExcelApi', MinVersion: '1.12' })
  })

  it('keeps the element order the schema requires', () => {
    const order = [
      'Id',
      'Version',
      'ProviderName',
      'DefaultLocale',
      'DisplayName',
      'Description',
      'IconUrl',
      'HighResolutionIconUrl',
      'SupportUrl',
      'Hosts',
      'Requirements',
      'DefaultSettings',
      'Permissions',
      'VersionOverrides',
    ]
    expect(manifest.children.map((c) => c.name)).toEqual(order)
  })

  it('points every URL at the configured base over HTTPS', () => {
    const urls = urlsOf(manifest)
    expect(urls.length).toBeGreaterThan(6)
    expect(urls.every((url) => url.startsWith(`${BASE}/addin/`))).toBe(true)
    expect(path(manifest, 'DefaultSettings', 'SourceLocation').attributes.DefaultValue).toBe(`${BASE}/addin/index.html`)
  })

  it('adds a Reconcile button on the Home tab that opens the task pane', () => {
    const form = path(manifest, 'VersionOverrides', 'Hosts', 'Host', 'DesktopFormFactor')
    const tab = path(form, 'ExtensionPoint', 'OfficeTab')
    expect(tab.attributes.id).toBe('TabHome')
    const button = path(tab, 'Group', 'Control')
    expect(button.attributes['xsi:type']).toBe('Button')
    expect(path(button, 'Action').attributes['xsi:type']).toBe('ShowTaskpane')
    const strings = descendants(path(manifest, 'VersionOverrides', 'Resources'))
    const label = strings.find((s) => s.attributes.id === path(button, 'Label').attributes.resid)
    expect(label?.attributes.DefaultValue).toBe('Reconcile')
  })

  it('resolves every resid, and keeps strings within the schema lengths', () => {
    const resources = path(manifest, 'VersionOverrides', 'Resources')
    const ids = new Set(
      descendants(resources)
        .map((e) => e.attributes.id)
        .filter((id) => id !== undefined),
    )
    const resids = descendants(path(manifest, 'VersionOverrides', 'Hosts')).flatMap((e) => (e.attributes.resid ? [e.attributes.resid] : []))
    expect(resids.filter((resid) => !ids.has(resid))).toEqual([])
    const short = children(path(resources, 'bt:ShortStrings'), 'bt:String').map((s) => s.attributes.DefaultValue ?? '')
    const long = children(path(resources, 'bt:LongStrings'), 'bt:String').map((s) => s.attributes.DefaultValue ?? '')
    expect(short.every((s) => s.length <= 125)).toBe(true)
    expect(long.every((s) => s.length <= 250)).toBe(true)
  })

  it('ships ribbon icons of 16, 32 and 80 pixels as PNG files', () => {
    const images = children(path(manifest, 'VersionOverrides', 'Resources', 'bt:Images'), 'bt:Image')
    for (const image of images) {
      const size = Number(/icon-(\d+)\.png$/.exec(image.attributes.DefaultValue ?? '')?.[1])
      const file = readFileSync(resolve(ROOT, `addin/public/assets/icon-${size}.png`))
      expect(file.subarray(1, 4).toString('ascii')).toBe('PNG')
      expect([file.readUInt32BE(16), file.readUInt32BE(20)]).toEqual([size, size])
    }
    expect(images.map((i) => i.attributes.id)).toEqual(['Icon.16', 'Icon.32', 'Icon.80'])
  })

  it('adds Office SSO only when an app registration is given', () => {
    expect(descendants(manifest).some((e) => e.name === 'WebApplicationInfo')).toBe(false)
    const sso = parseXml(manifestXml({ baseUrl: BASE, sso: { appId: 'app-id', resource: 'api://tieout.example.com/app-id' } }))
    expect(path(sso, 'VersionOverrides', 'WebApplicationInfo', 'Resource').text).toBe('api://tieout.example.com/app-id')
  })

  it('refuses a base URL that is not HTTPS', () => {
    expect(() => manifestXml({ baseUrl: 'http://localhost:8750' })).toThrow(/https/)
  })

  it('is committed at the repository root for the default base URL', () => {
    expect(readFileSync(resolve(ROOT, 'manifest.xml'), 'utf8')).toBe(manifestXml({ baseUrl: DEFAULT_BASE_URL }))
  })
})

describe("the test's XML reader", () => {
  it('rejects what Office would reject as not well-formed', () => {
    expect(() => parseXml('<a><b></a></b>')).toThrow(/closes/)
    expect(() => parseXml('<a x="1" x="2"/>')).toThrow(/duplicate/)
    expect(() => parseXml('<a>fish & chips</a>')).toThrow(/&/)
    expect(() => parseXml('<a><b></a>')).toThrow()
  })
})
