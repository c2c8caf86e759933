import type { EvidenceSigner } from '../evidence/signing.ts'
import type { Source } from '../sources/source.ts'
import type { RetryPolicy, RunInput } from '../engine/workflow.ts'
import type { ConfigBundle } from './config-bundle.ts'

/**
 * Bump the version whenever a step's inputs or outputs change shape: a run journaled under
 * another version is not resumed.
 */
export const RECONCILE_VERSION = '1'

export type ReconcileDeps = {
  readonly config: ConfigBundle
  /** The run's source; one per run, shared by its steps (a SQL Server pool), closed by the caller. */
  readonly openSource: (runId: string, input: RunInput) => Promise<Source>
  readonly productVersion: string
  /** Folder of all runs' evidence, for the manifest chain across runs of the same period. */
  readonly evidenceChainRoot: string
  /** Signs each package's appendix (its public key is sealed into the package); required to seal one. */
  readonly signer?: EvidenceSigner
  readonly retry?: RetryPolicy
}
