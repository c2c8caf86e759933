import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach } from 'vitest'
import { EVIDENCE_PATHS, evidenceJson } from '../../../server/evidence/layout.ts'
import type { EvidenceFileInput } from '../../../server/evidence/types.ts'
import { generateKeyPairSync } from 'node:crypto'
import { type EvidenceSigner, signerOf } from '../../../server/evidence/signing.ts'
import type { EvidencePackageInput, WrittenPackage } from '../../../server/evidence/write.ts'
import { writeEvidencePackage } from '../../../server/evidence/write.ts'

/** A signer with a fresh Ed25519 key, as the server creates on first start. */
export function newSigner(): EvidenceSigner {
  const { privateKey } = generateKeyPairSync('ed25519')
  return signerOf(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), 'test key')
}

/** The key that signs every sample package of the tests. */
export const SIGNER = newSigner()

/** A fresh temporary folder per call, removed after each test. */
export function useTempDirs(): () => Promise<string> {
  const made: string[] = []
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })))
  })
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tieout-evidence-'))
    made.push(dir)
    return dir
  }
}

export function canonicalCsv(rows: number): string {
  const lines = ['id_company,Entry No_,Amount']
  for (let row = 1; row <= rows; row += 1) lines.push(`EC_NG,${row},${(row * 7) % 1000}.${String(row % 100).padStart(2, '0')}`)
  return `${lines.join('\n')}\n`
}

/** The files of a small run: an extract CSV arrives as a file on disk, the rest as bytes. */
export async function sampleFiles(workDir: string): Promise<EvidenceFileInput[]> {
  const csv = join(workDir, 'CR_03.csv')
  await writeFile(csv, canonicalCsv(50))
  const json = (value: unknown) => ({ bytes: evidenceJson(value) })
  return [
    { path: EVIDENCE_PATHS.run, source: json({ runId: 'run-1', parameters: { period: '2025-09', entities: ['EC_NG'] } }) },
    { path: EVIDENCE_PATHS.steps, source: json([{ step: 'extract:CR_03', attempt: 1, status: 'done' }]) },
    { path: EVIDENCE_PATHS.extractCsv('CR_03'), source: { file: csv } },
    { path: EVIDENCE_PATHS.extractQuery('CR_03'), source: { bytes: 'SELECT 1 WHERE x = @period\n' } },
    { path: EVIDENCE_PATHS.extractParams('CR_03'), source: json({ period: '2025-09' }) },
    { path: EVIDENCE_PATHS.quality('CR_03'), source: json({ ok: true, rows: 50 }) },
    { path: EVIDENCE_PATHS.config('thresholds-DEFAULT'), source: json({ rules: [] }) },
    { path: EVIDENCE_PATHS.result, source: json({ runId: 'run-1' }) },
    { path: EVIDENCE_PATHS.sheetCsv('Summary'), source: { bytes: 'entity,status\nEC_NG,OK\n' } },
    { path: EVIDENCE_PATHS.workbook, source: { bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2, 3]) } },
  ]
}

export async function packageInput(workDir: string, overrides: Partial<EvidencePackageInput> = {}): Promise<EvidencePackageInput> {
  return {
    runId: 'run-1',
    period: '2025-09',
    productVersion: '0.1.0',
    createdAt: '2025-10-01T09:00:00',
    previousManifestSha256: null,
    signer: SIGNER,
    files: await sampleFiles(workDir),
    ...overrides,
  }
}

/** Writes a sample package to `<temp>/evidence` and returns where it is. */
export async function writeSample(
  temp: () => Promise<string>,
  overrides: Partial<EvidencePackageInput> = {},
): Promise<{ dir: string; written: WrittenPackage; work: string }> {
  const work = await temp()
  const dir = join(work, 'evidence')
  const written = await writeEvidencePackage(dir, await packageInput(work, overrides))
  return { dir, written, work }
}
