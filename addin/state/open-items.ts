import type { OpenItem } from '../../shared/api/common.ts'
import type { RunResult } from '../../shared/result/types.ts'

type Refusal = { readonly openItems: readonly string[]; readonly items: readonly OpenItem[] }

/**
 * The items a refused sign-off names, in words. The server's `items` are used as given; a server
 * that sends only line keys gets them described from the run's own result.
 */
export function openItemsOf(refusal: Refusal, result: RunResult): OpenItem[] {
  if (refusal.items.length > 0) return [...refusal.items]
  const lines = new Map(result.bridges.flatMap((bridge) => bridge.lines.map((line) => [line.key, { bridge, line }] as const)))
  const groups = new Map(result.tieOut.map((row) => [row.key, row]))
  const buckets = new Map(result.rollForward.map((bucket) => [bucket.key, bucket]))
  return refusal.openItems.map((lineKey): OpenItem => {
    const found = lines.get(lineKey)
    if (found !== undefined) {
      const { bridge, line } = found
      return {
        kind: 'bridge',
        lineKey,
        bridge: bridge.title,
        entity: line.companyCode,
        businessKey: line.businessKey,
        amountUsd: line.amountUsd,
        description: line.description,
      }
    }
    const group = groups.get(lineKey)
    if (group !== undefined) {
      return {
        kind: 'tie-out',
        lineKey,
        bridge: null,
        entity: group.companyCode,
        businessKey: group.groupTitle,
        amountUsd: group.unexplainedUsd,
        description: `${group.groupTitle}: ${group.status}`,
      }
    }
    const bucket = buckets.get(lineKey)
    if (bucket !== undefined) {
      const what = `${bucket.category} / ${bucket.voucherType}`
      return {
        kind: 'roll-forward',
        lineKey,
        bridge: null,
        entity: bucket.companyCode,
        businessKey: what,
        amountUsd: bucket.varianceUsd,
        description: `Roll-forward ${what}: ${bucket.status}`,
      }
    }
    const [, entity = '', businessKey = lineKey] = lineKey.split('|')
    return { kind: 'bridge', lineKey, bridge: null, entity, businessKey, amountUsd: null, description: lineKey }
  })
}
