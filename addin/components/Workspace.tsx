import { Button, makeStyles, tokens } from '@fluentui/react-components'
import { useEffect, useRef } from 'react'
import { useEntities } from '../hooks/use-entities.ts'
import { type HistoryRun, useHistory } from '../hooks/use-history.ts'
import { useReconcile } from '../hooks/use-reconcile.ts'
import { useReview } from '../hooks/use-review.ts'
import { may, type Session } from '../hooks/use-session.ts'
import { useUpload } from '../hooks/use-upload.ts'
import { Header } from './Header.tsx'
import { NewRun, useRunChoices } from './NewRun.tsx'
import { NoticeBar } from './NoticeBar.tsx'
import { PhaseProgress } from './PhaseProgress.tsx'
import { RunHistory } from './RunHistory.tsx'
import { RunInWorkbook } from './RunInWorkbook.tsx'
import { RunNotices } from './RunNotices.tsx'
import { Section } from './Section.tsx'

export type WorkspaceProps = { readonly session: Session; readonly today: Date; readonly onSignOut: () => void }

const useStyles = makeStyles({
  notices: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
})

/** The signed-off run, not yet superseded, of this period and exactly these entities: a new run would supersede it. */
function signedOffRunOf(runs: readonly HistoryRun[], period: string, entities: readonly string[]): string | null {
  const scope = [...entities].sort().join(',')
  const signed = runs.find(
    (r) => r.period === period && r.signedOff !== null && !r.supersededBy && [...r.entities].sort().join(',') === scope,
  )
  return signed?.id ?? null
}

/** Everything after sign-in: new run, progress, outcome, review and sign-off, history. */
export function Workspace({ session, today, onSignOut }: WorkspaceProps) {
  const styles = useStyles()
  const { api } = session
  const choices = useRunChoices(today)
  const { entities, notice: entitiesNotice } = useEntities(api)
  const history = useHistory(api, choices.period)
  const upload = useUpload(api)
  const run = useReconcile(api, () => void history.refresh())
  const review = useReview(api, run.loaded, run.setLoaded)
  const { phase, loaded } = run
  const loadedPeriod = loaded?.stored.period
  const { setPeriod } = choices
  useEffect(() => {
    // The workbook's run decides the period shown, so its history is the one listed.
    if (loadedPeriod !== undefined) setPeriod(loadedPeriod)
  }, [loadedPeriod, setPeriod])
  const busy = phase.kind === 'starting' || phase.kind === 'running' || phase.kind === 'writing'
  const outcomeRef = useRef<HTMLDivElement>(null)
  const finishedRunId = phase.kind === 'done' ? phase.runId : null
  useEffect(() => {
    // A finished run's outcome may sit above the form the user scrolled to.
    if (finishedRunId !== null) outcomeRef.current?.scrollIntoView?.({ block: 'start' })
  }, [finishedRunId])

  const runBlock = (
    <>
      {may(session, 'preparer') && (
        <NewRun
          choices={choices}
          entities={entities}
          upload={upload}
          canReconcile={may(session, 'preparer')}
          busy={busy}
          onReconcile={(body) => void run.start(body, signedOffRunOf(history.runs, body.period, body.entities))}
        />
      )}
      <PhaseProgress phase={phase} onCancel={(runId) => void run.cancel(runId)} />
      <RunNotices phase={phase} className={styles.notices} onDismiss={run.dismiss} />
    </>
  )

  return (
    <>
      <Header label={session.label} roles={session.user?.roles ?? null} onSignOut={onSignOut} />
      <div className={styles.notices}>
        <NoticeBar notice={entitiesNotice} />
        <NoticeBar notice={history.notice} />
        <NoticeBar notice={upload.notice} />
      </div>
      {!loaded && runBlock}
      {loaded && <RunInWorkbook session={session} loaded={loaded} review={review} outcomeRef={outcomeRef} />}
      {loaded && runBlock}
      <Section
        title="Run history"
        aside={
          <Button size="small" appearance="transparent" onClick={() => void history.refresh()}>
            Refresh
          </Button>
        }
      >
        <RunHistory
          runs={history.runs}
          allEntities={(entities ?? []).map((e) => e.companyCode)}
          currentRunId={loaded?.stored.runId ?? null}
          busy={busy}
          onOpen={(id) => void run.open(id)}
          onEvidence={(id) => void review.downloadEvidence(id)}
        />
      </Section>
    </>
  )
}
