import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { QualityReport } from '../../shared/result/types.ts'
import type { StepContext } from '../engine/workflow.ts'

/** What a run learned about one extract: written beside its canonical CSV, read by compute and evidence. */
export type ExtractInfo = {
  readonly extract: ExtractId
  /** false when the source does not have this (optional) extract: its TV group shows NO_TV. */
  readonly present: boolean
  /** The columns the source actually had (canonical CSV always carries every schema column). */
  readonly sourceHeader: readonly string[]
  readonly rows: number
  readonly bytes: number
  readonly sha256: string | null
  readonly quality: QualityReport | null
  readonly provenance: {
    readonly kind: string
    readonly description: string
    readonly queryText?: string
    readonly boundParameters?: Readonly<Record<string, unknown>>
    readonly file?: string
  } | null
}

/** What the extract step needs of its context: all of it crosses to a worker. */
export type ExtractContext = Pick<StepContext, 'runDir' | 'signal' | 'progress'>
