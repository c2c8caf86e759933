/**
 * Just enough of the Prometheus text exposition format (version 0.0.4) for our few series:
 * counters, gauges and histograms with labels, rendered on demand.
 */
type Labels = Readonly<Record<string, string>>

function labelText(labels: Labels): string {
  const parts = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabel(value)}"`)
  return parts.length === 0 ? '' : `{${parts.join(',')}}`
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')
}

function header(name: string, help: string, type: string): string {
  return `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`
}

export class Counter {
  private readonly values = new Map<string, { labels: Labels; value: number }>()

  constructor(
    readonly name: string,
    private readonly help: string,
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels)
    const entry = this.values.get(key) ?? { labels, value: 0 }
    entry.value += by
    this.values.set(key, entry)
  }

  render(): string {
    let text = header(this.name, this.help, 'counter')
    for (const { labels, value } of this.values.values()) text += `${this.name}${labelText(labels)} ${value}\n`
    return text
  }
}

/** Seconds buckets from 5 ms to 10 min: covers HTTP requests and extract steps alike. */
export const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600]

export class Histogram {
  private readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>()

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly buckets: readonly number[] = DEFAULT_BUCKETS,
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels)
    let entry = this.series.get(key)
    if (!entry) {
      entry = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 }
      this.series.set(key, entry)
    }
    const index = this.buckets.findIndex((bound) => value <= bound)
    if (index >= 0) entry.counts[index] = (entry.counts[index] ?? 0) + 1
    entry.sum += value
    entry.count += 1
  }

  render(): string {
    let text = header(this.name, this.help, 'histogram')
    for (const { labels, counts, sum, count } of this.series.values()) {
      let cumulative = 0
      this.buckets.forEach((bound, index) => {
        cumulative += counts[index] ?? 0
        text += `${this.name}_bucket${labelText({ ...labels, le: String(bound) })} ${cumulative}\n`
      })
      text += `${this.name}_bucket${labelText({ ...labels, le: '+Inf' })} ${count}\n`
      text += `${this.name}_sum${labelText(labels)} ${sum}\n`
      text += `${this.name}_count${labelText(labels)} ${count}\n`
    }
    return text
  }
}

export function renderGauge(name: string, help: string, values: ReadonlyArray<{ labels: Labels; value: number }>): string {
  let text = header(name, help, 'gauge')
  for (const { labels, value } of values) text += `${name}${labelText(labels)} ${value}\n`
  return text
}
