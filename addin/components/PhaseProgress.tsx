import type { RunPhase } from '../hooks/use-reconcile.ts'
import { RunProgress } from './RunProgress.tsx'
import { Section } from './Section.tsx'

export type PhaseProgressProps = { readonly phase: RunPhase; readonly onCancel: (runId: string) => void }

/** The progress of the run being reconciled or written, and the steps of one that failed. */
export function PhaseProgress({ phase, onCancel }: PhaseProgressProps) {
  const busy = phase.kind === 'starting' || phase.kind === 'running' || phase.kind === 'writing'
  if (!(busy || (phase.kind === 'failed' && phase.steps))) return null
  return (
    <Section title={phase.kind === 'writing' ? 'Writing the sheets' : 'Progress'}>
      <RunProgress
        title={phase.kind === 'writing' ? 'Writing the result sheets' : phase.kind === 'failed' ? 'Run failed' : 'Reconciling'}
        fraction={phase.kind === 'running' || (phase.kind === 'writing' && phase.fraction > 0) ? phase.fraction : null}
        steps={phase.kind === 'running' || phase.kind === 'writing' || phase.kind === 'failed' ? (phase.steps ?? []) : []}
        onCancel={phase.kind === 'running' ? () => onCancel(phase.runId) : undefined}
      />
    </Section>
  )
}
