import { centsToDisplay, parseCents } from '../../shared/money.ts'
import type { Review, RunResult, Status } from '../../shared/result/types.ts'
import { conclusionWords } from '../../shared/sheets/conclusion.ts'

/** An account group that needs a reviewer, with its own figures (never netted with other groups). */
export type GroupToInvestigate = {
  readonly key: string
  readonly title: string
  readonly status: Status
  readonly unexplainedUsd: string | null
  readonly thresholdUsd: string | null
}

/** What the pane shows per entity after a run: the conclusion in words and the groups behind it. */
export type EntityOutcome = {
  readonly companyCode: string
  readonly name: string
  readonly currency: string
  readonly status: Status
  /** Why the entity got its status, in a sentence. */
  readonly conclusion: string
  readonly groups: number
  readonly toInvestigate: readonly GroupToInvestigate[]
  readonly materialLines: number
  readonly materialOpen: number
}

function usd(value: string | null): string | null {
  const cents = parseCents(value)
  return cents === null ? null : centsToDisplay(cents)
}

export function entityOutcomes(result: RunResult, reviews: ReadonlyMap<string, Review>): EntityOutcome[] {
  return result.entities.map((entity) => {
    const rows = result.tieOut.filter((row) => row.companyCode === entity.companyCode)
    const conclusion = result.conclusions.find((c) => c.companyCode === entity.companyCode)
    const material = result.bridges
      .filter((b) => b.companyCode === entity.companyCode)
      .flatMap((b) => b.lines.filter((line) => line.material))
    const status = conclusion?.status ?? 'INVESTIGATE'
    const sentence = conclusion === undefined ? 'No conclusion was computed for this entity.' : conclusionWords(conclusion, rows, entity)
    return {
      companyCode: entity.companyCode,
      name: entity.name,
      currency: entity.currency,
      status,
      conclusion: sentence,
      groups: rows.length,
      toInvestigate: rows
        .filter((row) => row.status === 'INVESTIGATE' || row.status === 'FX_MISSING')
        .map((row) => ({
          key: row.key,
          title: row.groupTitle,
          status: row.status,
          unexplainedUsd: usd(row.unexplainedUsd),
          thresholdUsd: usd(row.threshold?.valueUsd ?? null),
        })),
      materialLines: material.length,
      materialOpen: material.filter((line) => (reviews.get(line.key)?.status ?? 'Open') === 'Open').length,
    }
  })
}
