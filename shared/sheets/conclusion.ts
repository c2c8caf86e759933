import type { EntityConclusion, EntityInfo, TieOutRow } from '../result/types.ts'
import { amountText, needsReview, thresholdSource } from './cells.ts'

/**
 * Why an entity got its conclusion (methodology §4): OK needs every reconciled group OK and the
 * unexplained differences, each counted positive, below the country materiality. Said in words,
 * the same on the Summary sheet and in the pane.
 */
export function conclusionWords(conclusion: EntityConclusion, rows: readonly TieOutRow[], entity: EntityInfo | undefined): string {
  if (conclusion.status === 'FX_MISSING' || conclusion.totalUnexplainedUsd === null) {
    return `No closing FX rate for ${entity?.currency ?? 'the currency'}: USD figures cannot be computed or compared with the thresholds. Add the rate to CR_05 and re-run.`
  }
  const reconciled = rows.filter((row) => row.unexplainedLcy !== null).length
  const investigate = rows.filter((row) => needsReview(row.status)).length
  const total = Number(conclusion.totalUnexplainedUsd)
  const limit = Number(conclusion.threshold.valueUsd)
  const materiality = `the country materiality of ${amountText(conclusion.threshold.valueUsd)} USD (${thresholdSource(conclusion.threshold)})`
  const sum = `Unexplained differences of the ${reconciled} reconciled account groups, each counted positive, come to ${amountText(conclusion.totalUnexplainedUsd)} USD`
  const versus = total < limit ? `${sum}, within ${materiality}.` : `${sum}, not below ${materiality}.`
  if (investigate === 0) return conclusion.status === 'OK' ? `Every account group is within its threshold. ${versus}` : versus
  return `${investigate} account ${investigate === 1 ? 'group is' : 'groups are'} above ${investigate === 1 ? 'its' : 'their'} threshold. ${versus}`
}
