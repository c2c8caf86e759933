import type { VerifyReport } from './types.ts'

/** What `verify` can and cannot prove, printed with every report so nobody reads more into it. */
export const VERIFY_LIMITS = [
  'verify proves that every file is the one the manifest was sealed with, and that the appendix',
  'records chain unbroken to this manifest. It cannot prove, from the package alone, that the',
  'manifest itself is the original: someone with write access could regenerate a consistent',
  'package. Record the manifest SHA-256 above: the next run of the same period records it too',
  '(previousManifestSha256), and verify can be given it back as the expected manifest hash.',
  'Compare the appendix head with the server journal: removing or editing the last record',
  'leaves a valid chain.',
].join('\n')

/** The report as text for the command line. */
export function formatVerifyReport(report: VerifyReport): string {
  const chain = !report.chain.checked ? 'not checked (no previous manifest given)' : report.chain.ok ? 'ok' : 'BROKEN'
  const lines = [
    `Evidence package (${report.source}): run ${report.runId ?? '?'}, period ${report.period ?? '?'}, created ${report.createdAt ?? '?'}`,
    `Manifest SHA-256: ${report.manifestSha256}`,
    `Files checked: ${report.checkedFiles}; changed ${report.changed.length}, missing ${report.missing.length}, added ${report.added.length}`,
    `Appendix: ${report.appendix.records} record(s), head ${report.appendix.headSha256 ?? '-'}, ${report.appendix.broken.length === 0 ? 'chain intact' : 'chain BROKEN'}`,
    `Previous run: ${report.chain.previousManifestSha256 ?? 'none'}; link ${chain}`,
    `Result: ${report.ok ? 'VERIFIED' : 'FAILED'}`,
    ...report.problems.map((problem) => `  - ${problem}`),
    '',
    VERIFY_LIMITS,
  ]
  return `${lines.join('\n')}\n`
}
