import type { RunResult } from '../../../shared/result/types.ts'

/** A reviewable line of a run's result; `material` lines must not stay Open at sign-off. */
/**
 * A reviewable line of a run's result; `material` lines must not stay Open at sign-off. The
 * other fields describe it where sign-off is refused (`items[]` of the 409).
 */
export type ReviewLine = {
  readonly key: string
  readonly entity: string
  readonly material: boolean
  readonly kind: 'bridge' | 'tie-out' | 'roll-forward'
  readonly bridge: string | null
  readonly businessKey: string
  /** Decimal string ("-1234.50"); null when the USD figure is unknown. */
  readonly amountUsd: string | null
  readonly description: string
}

/**
 * methodology §8: every bridge line and every INVESTIGATE bucket or group can carry a review. Material,
 * so never Open at sign-off: bridge lines flagged material (|USD| ≥ LINE_ITEM_USD, or USD
 * unknown), every INVESTIGATE tie-out group and roll-forward bucket, and any whose USD is unknown
 * (FX_MISSING).
 */
export function defaultReviewLines(result: RunResult): readonly ReviewLine[] {
  const lines: ReviewLine[] = []
  for (const bridge of result.bridges) {
    for (const line of bridge.lines) {
      lines.push({
        key: line.key,
        entity: line.companyCode,
        material: line.material,
        kind: 'bridge',
        bridge: bridge.title,
        businessKey: line.businessKey,
        amountUsd: line.amountUsd,
        description: line.description,
      })
    }
  }
  for (const row of result.tieOut) {
    if (row.status === 'OK') continue
    lines.push({
      key: row.key,
      entity: row.companyCode,
      material: mustBeClosed(row.status),
      kind: 'tie-out',
      bridge: null,
      businessKey: row.groupTitle,
      amountUsd: row.unexplainedUsd,
      description: `${row.groupTitle}: ${row.status}, unexplained ${row.unexplainedLcy ?? 'unknown'} LCY`,
    })
  }
  for (const bucket of result.rollForward) {
    if (bucket.status === 'OK') continue
    lines.push({
      key: bucket.key,
      entity: bucket.companyCode,
      material: mustBeClosed(bucket.status),
      kind: 'roll-forward',
      bridge: null,
      businessKey: `${bucket.category} / ${bucket.voucherType}`,
      amountUsd: bucket.varianceUsd,
      description: `GL 18412 ${bucket.category} / ${bucket.voucherType}: ${bucket.status}, variance ${bucket.varianceLcy} LCY`,
    })
  }
  return lines
}

function mustBeClosed(status: string): boolean {
  return status === 'INVESTIGATE' || status === 'FX_MISSING'
}
