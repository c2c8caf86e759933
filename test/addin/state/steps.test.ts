import { describe, expect, it } from 'vitest'
import type { RunEvent } from '../../../shared/api/events.ts'
import { applyEvent, runFraction, stepLabel, type StepView } from '../../../addin/state/steps.ts'

const base = { runId: 'r1', at: '2025-10-01T08:00:00.000Z' }
const pending = (name: string): StepView => ({ name, label: stepLabel(name), status: 'pending', fraction: null, detail: null })

describe('progress steps', () => {
  it('labels extract steps with the extract title', () => {
    expect(stepLabel('extract:CR_04')).toBe('CR_04 · NAV G/L balances at closing date (actuals)')
    expect(stepLabel('compute')).toMatch(/tie-out/)
  })

  it('follows a step through start, progress, retry and finish', () => {
    const events: RunEvent[] = [
      { type: 'step-started', ...base, seq: 1, step: 'extract:CR_04', attempt: 1 },
      { type: 'step-progress', ...base, seq: 2, step: 'extract:CR_04', done: 50, total: 200, message: '50 rows' },
      {
        type: 'step-retried',
        ...base,
        seq: 3,
        step: 'extract:CR_04',
        attempt: 1,
        delayMs: 2_000,
        error: { code: 'TIEOUT_ERR_SOURCE_TIMEOUT', message: 'timed out' },
      },
    ]
    let steps = [pending('extract:CR_04'), pending('compute')]
    steps = applyEvent(steps, events[0] as RunEvent)
    steps = applyEvent(steps, events[1] as RunEvent)
    expect(steps[0]).toMatchObject({ status: 'running', fraction: 0.25, detail: '50 rows' })
    expect(runFraction(steps)).toBeCloseTo(0.1125)
    steps = applyEvent(steps, events[2] as RunEvent)
    expect(steps[0]).toMatchObject({ status: 'retrying', detail: 'timed out (retrying in 2 s)' })
    steps = applyEvent(steps, { type: 'step-finished', ...base, seq: 4, step: 'extract:CR_04', attempt: 2, durationMs: 10 })
    expect(runFraction(steps)).toBe(0.5)
  })

  it('adds a step the run detail did not list yet', () => {
    const steps = applyEvent([], { type: 'step-started', ...base, seq: 1, step: 'evidence', attempt: 1 })
    expect(steps.map((s) => s.name)).toEqual(['evidence'])
  })
})
