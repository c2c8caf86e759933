import { describe, expect, it } from 'vitest'
import { formatVerifyReport, VERIFY_LIMITS } from '../../../server/evidence/format-report.ts'
import type { VerifyReport } from '../../../server/evidence/types.ts'

const report = (overrides: Partial<VerifyReport> = {}): VerifyReport => ({
  ok: true,
  source: 'zip',
  manifestSha256: 'f'.repeat(64),
  runId: 'run-1',
  period: '2025-09',
  createdAt: '2025-10-01T09:00:00',
  checkedFiles: 10,
  changed: [],
  missing: [],
  added: [],
  appendix: { records: 2, headSha256: 'a'.repeat(64), broken: [], seal: { records: 2, headSha256: 'a'.repeat(64) } },
  keyFingerprint: 'b'.repeat(64),
  chain: { previousManifestSha256: null, previousAppendix: null, checked: false, ok: null },
  problems: [],
  ...overrides,
})

describe('formatVerifyReport', () => {
  it('prints the manifest hash, appendix head, record count and key fingerprint so an auditor can record them', () => {
    const text = formatVerifyReport(report())
    expect(text).toContain(`Manifest SHA-256: ${'f'.repeat(64)}`)
    expect(text).toContain(`Appendix head SHA-256: ${'a'.repeat(64)}`)
    expect(text).toContain('Appendix records: 2')
    expect(text).toContain(`Signing key fingerprint: ${'b'.repeat(64)}`)
  })

  it('says VERIFIED and states what verify cannot prove', () => {
    const text = formatVerifyReport(report())
    expect(text).toContain('Result: VERIFIED')
    expect(text).toContain(VERIFY_LIMITS)
  })

  it('lists each problem under FAILED', () => {
    const text = formatVerifyReport(
      report({ ok: false, changed: ['run.json'], problems: ['run.json changed: sha256 0, the manifest says 1'] }),
    )
    expect(text).toContain('Result: FAILED\n  - run.json changed: sha256 0, the manifest says 1')
    expect(text).toContain('changed 1, missing 0, added 0')
  })
})
