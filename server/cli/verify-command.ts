import { resolve } from 'node:path'
import { formatVerifyReport } from '../evidence/format-report.ts'
import { evidenceStoreConfig } from '../config.ts'
import { createEvidenceStore, findPackage, openStoredPackage } from '../evidence/store/index.ts'
import type { VerifyReport } from '../evidence/types.ts'
import { verifyEvidence, verifyPackage, type VerifyOptions } from '../evidence/verify.ts'
import { parseCommand } from './args.ts'

const HELP = `Usage: tieout verify <evidence folder or .zip> [options]
       tieout verify --run <run id> [--data-dir DIR] [options]

Recomputes the SHA-256 and size of every file against the manifest, checks that every appended
review, sign-off and reopen record chains to the manifest and is signed by the package's key, and
that the signed seal counts exactly the records found. Prints the manifest hash, the appendix
head hash, the record count and the signing key fingerprint: record them.

Options:
  --run <run id>              the run's package in the evidence store: the data directory (--data-dir,
                              TIEOUT_DATA_DIR, ./data), or Azure Blob Storage when TIEOUT_EVIDENCE_STORE=azure
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
    run: { type: 'string' },
    'data-dir': { type: 'string' },
    'expect-manifest': { type: 'string' },
    'expect-head': { type: 'string' },
    'expect-key': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
    json: { type: 'boolean' },
  })
  const runId = stringOption(options.run)
  if (options.help || positionals.length !== (runId === undefined ? 1 : 0)) {
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
  const verifyOptions = {
    ...(previous === undefined ? {} : { previousManifest: previous }),
    expect: Object.fromEntries(Object.entries(expect).filter(([, value]) => value !== undefined)),
  }
  const report =
    runId === undefined
      ? await verifyEvidence(positionals[0]!, verifyOptions)
      : await verifyStored(runId, stringOption(options['data-dir']) ?? process.env.TIEOUT_DATA_DIR ?? 'data', verifyOptions)
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerifyReport(report))
  return report.ok ? 0 : 1
}

function stringOption(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/** The run's package as the evidence store holds it (the server's store settings), checked the same way. */
async function verifyStored(runId: string, dataDir: string, options: VerifyOptions): Promise<VerifyReport> {
  const store = await createEvidenceStore(evidenceStoreConfig(process.env), resolve(dataDir))
  const reader = await openStoredPackage(store, await findPackage(store, runId))
  try {
    return await verifyPackage(reader, options)
  } finally {
    reader.close()
  }
}
