import type { RunResult } from '../../../shared/result/types.ts'

/** A reviewable line of a run's result; `material` lines must not stay Open at sign-off. */
export type ReviewLine = { readonly key: string; readonly entity: string; readonly material: boolean }

/**
 * SPEC §8: every bridge line and every INVESTIGATE bucket or group can carry a review; bridge
 * lines flagged material (|USD| ≥ LINE_ITEM_USD, or USD unknown) must not stay Open at sign-off.
 */
export function defaultReviewLines(result: RunResult): readonly ReviewLine[] {
  const lines: ReviewLine[] = []
  for (const bridge of result.bridges) {
    for (const line of bridge.lines) lines.push({ key: line.key, entity: line.companyCode, material: line.material })
  }
  for (const row of result.tieOut) {
    if (row.status !== 'OK') lines.push({ key: row.key, entity: row.companyCode, material: false })
  }
  for (const bucket of result.rollForward) {
    if (bucket.status !== 'OK') lines.push({ key: bucket.key, entity: bucket.companyCode, material: false })
  }
  return lines
}
