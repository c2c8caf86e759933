import { Badge, Button, Caption1, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { RunStatus, RunSummary } from '../../shared/api/runs.ts'

export type RunHistoryProps = {
  readonly runs: readonly RunSummary[]
  readonly currentRunId: string | null
  readonly busy: boolean
  readonly onOpen: (runId: string) => void
  readonly onEvidence: (runId: string) => void
}

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: `${tokens.spacingVerticalXS} 0`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  line: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  meta: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS },
  empty: { color: tokens.colorNeutralForeground3 },
})

const STATUS_COLORS: Readonly<Record<RunStatus, 'success' | 'danger' | 'warning' | 'informative' | 'subtle'>> = {
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'subtle',
  running: 'informative',
  queued: 'informative',
}

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

/** Recent runs of the period: reopen one into the workbook, or fetch its evidence. */
export function RunHistory({ runs, currentRunId, busy, onOpen, onEvidence }: RunHistoryProps) {
  const styles = useStyles()
  if (runs.length === 0) return <Caption1 className={styles.empty}>No runs for this period yet.</Caption1>
  return (
    <ul className={styles.list}>
      {runs.map((run) => (
        <li key={run.id} className={styles.item}>
          <div className={styles.line}>
            <Text size={200} weight={run.id === currentRunId ? 'semibold' : 'regular'}>
              {run.entities.join(', ')}
              {run.id === currentRunId ? ' · in this workbook' : ''}
            </Text>
            <Badge appearance="tint" color={STATUS_COLORS[run.status]}>
              {run.supersededBy ? 'superseded' : run.status}
            </Badge>
          </div>
          <Caption1 className={styles.meta}>
            {when(run.createdAt)} · {run.preparer}
          </Caption1>
          {run.status === 'succeeded' && (
            <div className={styles.actions}>
              <Button size="small" disabled={busy} onClick={() => onOpen(run.id)} aria-label={`Open run ${run.id} in the workbook`}>
                Open in workbook
              </Button>
              <Button
                size="small"
                appearance="subtle"
                disabled={busy}
                onClick={() => onEvidence(run.id)}
                aria-label={`Download the evidence of run ${run.id}`}
              >
                Evidence
              </Button>
            </div>
          )}
        </li>
      ))}
    </ul>
  )
}
