import type { VerifyReport } from './types.ts'

/** What `verify` can and cannot prove, printed with every report so nobody reads more into it. */
export const VERIFY_LIMITS = [
  'verify proves that every file is the one the manifest was sealed with, that every appendix',
  'record chains to this manifest and is signed by the package key, and that the signed seal',
  'counts exactly the records found (a cut, edited, forged or added record shows). From the',
  'package alone it cannot prove that the package is the original: someone with write access',
  'could put back an older complete state, or regenerate a package signed by another key.',
  'Record the four values above (manifest, appendix head, record count, key fingerprint) and',
  'give them back with --expect-manifest, --expect-head and --expect-key; the server journal',
  'and the next run of the period (--previous) keep them too.',
].join('\n')

/** The report as text for the command line. */
export function formatVerifyReport(report: VerifyReport): string {
  const chain = !report.chain.checked ? 'not checked (give --previous)' : report.chain.ok ? 'ok' : 'BROKEN'
  const previousAppendix = report.chain.previousAppendix
  const seal = report.appendix.seal
  const lines = [
    `Evidence package (${report.source}): run ${report.runId ?? '?'}, period ${report.period ?? '?'}, created ${report.createdAt ?? '?'}`,
    `Manifest SHA-256: ${report.manifestSha256}`,
    `Appendix head SHA-256: ${report.appendix.headSha256 ?? 'none (no record)'}`,
    `Appendix records: ${report.appendix.records}`,
    `Signing key fingerprint: ${report.keyFingerprint ?? 'none (unsigned package)'}`,
    `Files checked: ${report.checkedFiles}; changed ${report.changed.length}, missing ${report.missing.length}, added ${report.added.length}`,
    `Appendix: ${report.appendix.broken.length === 0 ? 'chain, signatures and seal intact' : 'BROKEN'}${seal ? ` (seal: ${seal.records} record(s))` : ''}`,
    `Previous run: manifest ${report.chain.previousManifestSha256 ?? 'none'}${
      previousAppendix
        ? `, appendix of run ${previousAppendix.runId} at ${previousAppendix.records} record(s), head ${previousAppendix.headSha256 ?? 'none'}`
        : ''
    }; link ${chain}`,
    `Result: ${report.ok ? 'VERIFIED' : 'FAILED'}`,
    ...report.problems.map((problem) => `  - ${problem}`),
    '',
    VERIFY_LIMITS,
  ]
  return `${lines.join('\n')}\n`
}
