import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DEFAULT_BASE_URL, manifestXml } from '../manifest/manifest-xml.ts'

/**
 * Writes the deployed manifest for a base URL:
 *   tsx addin/scripts/write-manifest.ts --base-url https://tieout.example.com --out dist/manifest.xml
 * Defaults: TIEOUT_ADDIN_BASE_URL or https://localhost:8750, and manifest.xml at the repository root.
 * `--sso-app-id` and `--sso-resource` add Office SSO (WebApplicationInfo) for an Entra app registration.
 */
const { values } = parseArgs({
  options: {
    'base-url': { type: 'string' },
    out: { type: 'string' },
    'sso-app-id': { type: 'string' },
    'sso-resource': { type: 'string' },
  },
})

const baseUrl = values['base-url'] ?? process.env.TIEOUT_ADDIN_BASE_URL ?? DEFAULT_BASE_URL
const appId = values['sso-app-id']
const resource = values['sso-resource']
if ((appId === undefined) !== (resource === undefined)) {
  console.error('--sso-app-id and --sso-resource go together')
  process.exit(2)
}
const out = resolve(values.out ?? 'manifest.xml')
writeFileSync(out, manifestXml({ baseUrl, ...(appId && resource ? { sso: { appId, resource } } : {}) }))
console.log(`wrote ${out} for ${baseUrl}`)
