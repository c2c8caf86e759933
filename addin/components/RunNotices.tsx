import { Button } from '@fluentui/react-components'
import type { RunPhase } from '../hooks/use-reconcile.ts'
import { NoticeBar } from './NoticeBar.tsx'

export type RunNoticesProps = { readonly phase: RunPhase; readonly className: string; readonly onDismiss: () => void }

/** A failed run, or the question asked before a run supersedes a sign-off or discards review edits. */
export function RunNotices({ phase, className, onDismiss }: RunNoticesProps) {
  if (!(phase.kind === 'failed' || phase.kind === 'confirm' || phase.kind === 'supersede')) return null
  return (
    <div className={className}>
      {phase.kind === 'failed' && <NoticeBar notice={phase.notice} onDismiss={onDismiss} />}
      {phase.kind === 'supersede' && (
        <NoticeBar
          notice={{ intent: 'warning', title: 'This run would supersede a signed-off run', message: phase.message }}
          onDismiss={onDismiss}
          actions={
            <Button size="small" onClick={phase.proceed}>
              Supersede and run
            </Button>
          }
        />
      )}
      {phase.kind === 'confirm' && (
        <NoticeBar
          notice={{
            intent: 'warning',
            title: `${phase.pending} review edits are not synced`,
            message: 'Writing new sheets replaces them. Sync review first to keep them.',
          }}
          onDismiss={onDismiss}
          actions={
            <Button size="small" onClick={phase.proceed}>
              Discard and continue
            </Button>
          }
        />
      )}
    </div>
  )
}
