import { Badge, Button, Caption1, Checkbox, makeStyles, Text, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { RunStatus } from '../../shared/api/runs.ts'
import type { HistoryRun } from '../hooks/use-history.ts'

export type RunHistoryProps = {
  readonly runs: readonly HistoryRun[]
  /** Every entity of the master: a run over all of them is titled so, not listed code by code. */
  readonly allEntities: readonly string[]
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

/** "All 9 entities" for a run over the whole master, else the codes. */
export function runTitle(entities: readonly string[], all: readonly string[]): string {
  const covers = all.length > 1 && entities.length === all.length && all.every((code) => entities.includes(code))
  return covers ? `All ${all.length} entities` : entities.join(', ')
}

/** A failed run started from the command line: noise in the pane unless asked for. */
function failedCliRun(run: HistoryRun): boolean {
  return (run.status === 'failed' || run.status === 'cancelled') && run.preparer === 'cli'
}

/** Recent runs of the period: reopen one into the workbook, or fetch its evidence. */
export function RunHistory({ runs, allEntities, currentRunId, busy, onOpen, onEvidence }: RunHistoryProps) {
  const styles = useStyles()
  const [hideFailedCli, setHideFailedCli] = useState(true)
  if (runs.length === 0) return <Caption1 className={styles.empty}>No runs for this period yet.</Caption1>
  const hidden = runs.filter(failedCliRun).length
  const shown = hideFailedCli ? runs.filter((run) => !failedCliRun(run)) : runs
  return (
    <>
      {hidden > 0 && (
        <Checkbox
          checked={hideFailedCli}
          onChange={(_, data) => setHideFailedCli(data.checked === true)}
          label={`Hide failed command-line runs (${hidden})`}
        />
      )}
      <ul className={styles.list}>
        {shown.map((run) => (
          <li key={run.id} className={styles.item}>
            <div className={styles.line}>
              <Text size={200} weight={run.id === currentRunId ? 'semibold' : 'regular'} title={run.entities.join(', ')}>
                {runTitle(run.entities, allEntities)}
                {run.id === currentRunId ? ' · in this workbook' : ''}
              </Text>
              {run.signedOff !== null && !run.supersededBy ? (
                <Badge appearance="filled" color="success">
                  signed off
                </Badge>
              ) : (
                <Badge appearance="tint" color={STATUS_COLORS[run.status]}>
                  {run.supersededBy ? 'superseded' : run.status}
                </Badge>
              )}
            </div>
            <Caption1 className={styles.meta}>
              {when(run.createdAt)} · {run.preparer}
              {run.signedOff !== null ? ` · signed off by ${run.signedOff.by} ${when(run.signedOff.at)}` : ''}
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
    </>
  )
}
