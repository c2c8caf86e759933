import { type Cents, centsToDisplay, parseCents } from '../../shared/money.ts'
import type { Review, RunResult, Status } from '../../shared/result/types.ts'

/** What the pane shows per entity after a run: figures in LCY summed exactly, USD as the server computed. */
export type EntityOutcome = {
  readonly companyCode: string
  readonly name: string
  readonly currency: string
  readonly status: Status
  readonly variance: string
  readonly explained: string
  readonly unexplained: string
  /** Σ |unexplained USD| against the country materiality. */
  readonly totalUnexplainedUsd: string | null
  readonly materialityUsd: string | null
  readonly groups: number
  readonly groupsToInvestigate: number
  readonly materialLines: number
  readonly materialOpen: number
}

function sum(values: readonly (string | null)[]): string {
  let total: Cents = 0
  for (const value of values) total += parseCents(value) ?? 0
  return centsToDisplay(total)
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
    return {
      companyCode: entity.companyCode,
      name: entity.name,
      currency: entity.currency,
      status: conclusion?.status ?? 'INVESTIGATE',
      variance: sum(rows.map((row) => row.varianceLcy)),
      explained: sum(rows.map((row) => row.explainedLcy)),
      unexplained: sum(rows.map((row) => row.unexplainedLcy)),
      totalUnexplainedUsd: usd(conclusion?.totalUnexplainedUsd ?? null),
      materialityUsd: usd(conclusion?.threshold.valueUsd ?? null),
      groups: rows.length,
      groupsToInvestigate: rows.filter((row) => row.status !== 'OK').length,
      materialLines: material.length,
      materialOpen: material.filter((line) => (reviews.get(line.key)?.status ?? 'Open') === 'Open').length,
    }
  })
}
