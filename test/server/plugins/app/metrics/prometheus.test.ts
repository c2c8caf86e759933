import { describe, expect, it } from 'vitest'
import { Counter, Histogram, renderGauge } from '../../../../../server/plugins/app/metrics/prometheus.ts'

describe('Prometheus text format', () => {
  it('a histogram renders cumulative buckets, +Inf, sum and count', () => {
    const histogram = new Histogram('step_seconds', 'Step duration', [0.1, 1])
    histogram.observe({ step: 'compute' }, 0.05)
    histogram.observe({ step: 'compute' }, 0.5)
    histogram.observe({ step: 'compute' }, 5)
    expect(histogram.render()).toBe(
      [
        '# HELP step_seconds Step duration',
        '# TYPE step_seconds histogram',
        'step_seconds_bucket{step="compute",le="0.1"} 1',
        'step_seconds_bucket{step="compute",le="1"} 2',
        'step_seconds_bucket{step="compute",le="+Inf"} 3',
        'step_seconds_sum{step="compute"} 5.55',
        'step_seconds_count{step="compute"} 3',
        '',
      ].join('\n'),
    )
  })

  it('a counter adds per label set', () => {
    const counter = new Counter('retries_total', 'Retries')
    counter.inc({ step: 'extract:CR_03' })
    counter.inc({ step: 'extract:CR_03' })
    expect(counter.render()).toContain('retries_total{step="extract:CR_03"} 2\n')
  })

  it('label values are escaped', () => {
    expect(renderGauge('g', 'G', [{ labels: { path: 'a"b\\c' }, value: 1 }])).toContain('g{path="a\\"b\\\\c"} 1\n')
  })
})
