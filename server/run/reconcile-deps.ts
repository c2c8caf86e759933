import type { EvidenceSigner } from '../evidence/signing.ts'
import type { EvidenceStore } from '../evidence/store/evidence-store.ts'
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
  /** Folder of all runs' evidence, for the manifest chain across runs of the same period (when no store is given). */
  readonly evidenceChainRoot: string
  /** Where sealed packages are published and the period's chain is read; default: a local store at `evidenceChainRoot`. */
  readonly evidenceStore?: EvidenceStore
  /** Signs each package's appendix (its public key is sealed into the package); required to seal one. */
  readonly signer?: EvidenceSigner
  readonly retry?: RetryPolicy
}
