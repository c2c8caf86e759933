/** One pass into Map buckets, in input order; each bucket is pushed to, never copied. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const key = keyOf(item)
    const bucket = groups.get(key)
    if (bucket === undefined) groups.set(key, [item])
    else bucket.push(item)
  }
  return groups
}

/** Entities in the run's order, then any other company a result part mentions, so none is dropped. */
export function companyOrder(entities: readonly { companyCode: string }[], mentioned: Iterable<string>): string[] {
  const order = entities.map((e) => e.companyCode)
  const known = new Set(order)
  for (const code of mentioned) {
    if (!known.has(code)) {
      known.add(code)
      order.push(code)
    }
  }
  return order
}
