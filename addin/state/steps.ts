import type { RunEvent } from '../../shared/api/events.ts'
import type { StepDetail, StepStatus } from '../../shared/api/runs.ts'
import { extractDef, isExtractId } from '../../shared/extracts/catalog.ts'

/** One line of the progress list. */
export type StepView = {
  readonly name: string
  readonly label: string
  readonly status: StepStatus
  /** 0..1 within the step, when the server reports counts. */
  readonly fraction: number | null
  readonly detail: string | null
}

export function stepLabel(name: string): string {
  if (name === 'compute') return 'Reconcile: tie-out, roll-forward, bridges'
  if (name === 'evidence') return 'Seal the evidence package'
  const extract = name.startsWith('extract:') ? name.slice(8) : name
  return isExtractId(extract) ? `${extract} · ${extractDef(extract).title}` : name
}

export function stepsFromRun(steps: readonly StepDetail[]): StepView[] {
  return steps.map((step) => ({
    name: step.name,
    label: stepLabel(step.name),
    status: step.status,
    fraction: null,
    detail: step.lastError?.message ?? null,
  }))
}

/** Applies one progress event to the step list (a step not listed yet is appended). */
export function applyEvent(steps: readonly StepView[], event: RunEvent): StepView[] {
  if (!('step' in event)) return [...steps]
  const known = steps.some((s) => s.name === event.step)
  const list = known
    ? [...steps]
    : [...steps, { name: event.step, label: stepLabel(event.step), status: 'pending' as StepStatus, fraction: null, detail: null }]
  return list.map((step) => (step.name === event.step ? updated(step, event) : step))
}

function updated(step: StepView, event: RunEvent): StepView {
  switch (event.type) {
    case 'step-started':
      return { ...step, status: 'running', detail: event.attempt > 1 ? `attempt ${event.attempt}` : null }
    case 'step-progress':
      return {
        ...step,
        fraction: event.total ? Math.min(1, event.done / event.total) : step.fraction,
        detail: event.message ?? step.detail,
      }
    case 'step-retried':
      return { ...step, status: 'retrying', detail: `${event.error.message} (retrying in ${Math.round(event.delayMs / 1000)} s)` }
    case 'step-finished':
      return { ...step, status: 'succeeded', fraction: 1, detail: null }
    case 'step-failed':
      return { ...step, status: 'failed', detail: event.error.message }
    default:
      return step
  }
}

/** Share of the run done: finished steps plus the reported part of running ones. */
export function runFraction(steps: readonly StepView[]): number {
  if (steps.length === 0) return 0
  const done = steps.reduce(
    (sum, step) => sum + (step.status === 'succeeded' ? 1 : step.status === 'running' ? (step.fraction ?? 0) * 0.9 : 0),
    0,
  )
  return done / steps.length
}
