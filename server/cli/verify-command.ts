import { verifyEvidence } from '../evidence/verify.ts'
import { parseCommand } from './args.ts'

const HELP = `Usage: tieout verify <evidence folder or .zip> [--previous <previous run's manifest.json, folder or zip>]

Recomputes the SHA-256 and size of every file against the manifest, checks the appended review and
sign-off records, and (with --previous) the link to the previous run of the same period.
Exit code 0 when intact; 1 naming every changed, missing or added file.`

export async function run(argv: string[]): Promise<number> {
  const { options, positionals } = parseCommand(argv, {
    previous: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  })
  if (options.help || positionals.length !== 1) {
    process.stdout.write(`${HELP}\n`)
    return options.help ? 0 : 2
  }
  const report = await verifyEvidence(positionals[0]!, typeof options.previous === 'string' ? { previousManifest: options.previous } : {})
  if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else printReport(report)
  return report.ok ? 0 : 1
}

function printReport(report: Awaited<ReturnType<typeof verifyEvidence>>): void {
  const lines = [
    `run ${report.runId}, period ${report.period}`,
    `manifest SHA-256 ${report.manifestSha256}`,
    `${report.checkedFiles} files checked, ${report.appendix.records} appended review/sign-off records`,
  ]
  if (report.chain.checked) lines.push(`chain to previous run: ${report.chain.ok ? 'intact' : 'BROKEN'}`)
  else if (report.chain.previousManifestSha256)
    lines.push(`previous run's manifest: ${report.chain.previousManifestSha256} (pass --previous to check the link)`)
  for (const problem of report.problems) lines.push(`  ✘ ${problem}`)
  lines.push(report.ok ? 'VERIFIED: the package is intact' : 'FAILED: the package was changed')
  process.stdout.write(`${lines.join('\n')}\n`)
}
