import { formatVerifyReport } from '../evidence/format-report.ts'
import { verifyEvidence } from '../evidence/verify.ts'
import { parseCommand } from './args.ts'

const HELP = `Usage: tieout verify <evidence folder or .zip> [options]

Recomputes the SHA-256 and size of every file against the manifest, checks that every appended
review, sign-off and reopen record chains to the manifest and is signed by the package's key, and
that the signed seal counts exactly the records found. Prints the manifest hash, the appendix
head hash, the record count and the signing key fingerprint: record them.

Options:
  --previous <path>           the previous run of the same period (folder or zip; or its manifest.json):
                              checks this manifest names it, and names its appendix head at the time
  --expect-manifest <sha256>  fail unless manifest.json hashes to this value
  --expect-head <sha256>      fail unless the last appendix record hashes to this value
  --expect-key <fingerprint>  fail unless the package is signed by this key
  --json                      print the report as JSON

Exit code 0 when intact; 1 naming every changed, missing, added, cut or forged file or record.`

const HEX = /^[0-9a-fA-F]{64}$/

export async function run(argv: string[]): Promise<number> {
  const { options, positionals } = parseCommand(argv, {
    previous: { type: 'string' },
    'expect-manifest': { type: 'string' },
    'expect-head': { type: 'string' },
    'expect-key': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  })
  if (options.help || positionals.length !== 1) {
    process.stdout.write(`${HELP}\n`)
    return options.help ? 0 : 2
  }
  const expect = {
    manifestSha256: stringOption(options['expect-manifest']),
    appendixHeadSha256: stringOption(options['expect-head']),
    keyFingerprint: stringOption(options['expect-key']),
  }
  for (const [flag, value] of [
    ['--expect-manifest', expect.manifestSha256],
    ['--expect-head', expect.appendixHeadSha256],
    ['--expect-key', expect.keyFingerprint],
  ] as const) {
    if (value !== undefined && !HEX.test(value)) {
      process.stderr.write(`${flag}: "${value}" is not a SHA-256 (64 hexadecimal digits)\n`)
      return 2
    }
  }
  const previous = stringOption(options.previous)
  const report = await verifyEvidence(positionals[0]!, {
    ...(previous === undefined ? {} : { previousManifest: previous }),
    expect: Object.fromEntries(Object.entries(expect).filter(([, value]) => value !== undefined)),
  })
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report))
  return report.ok ? 0 : 1
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}
