import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components'
import { useEffect, useMemo, useRef, useState } from 'react'
import type { Role } from '../../shared/api/common.ts'
import type { RunSourceRequest } from '../../shared/api/runs.ts'
import { useEntities } from '../hooks/use-entities.ts'
import { useHistory } from '../hooks/use-history.ts'
import { useReconcile } from '../hooks/use-reconcile.ts'
import { useReview } from '../hooks/use-review.ts'
import type { Session } from '../hooks/use-session.ts'
import { useUpload } from '../hooks/use-upload.ts'
import { entityOutcomes } from '../state/outcome.ts'
import { notOfferedReason, signoffView } from '../state/signoff-view.ts'
import { periodOptions, previousPeriod } from '../state/periods.ts'
import { Header } from './Header.tsx'
import { NoticeBar } from './NoticeBar.tsx'
import { Outcome } from './Outcome.tsx'
import { ReviewActions } from './ReviewActions.tsx'
import { RunForm } from './RunForm.tsx'
import { RunHistory } from './RunHistory.tsx'
import { RunProgress } from './RunProgress.tsx'
import { Section } from './Section.tsx'
import type { SourceKind } from './SourcePicker.tsx'

export type WorkspaceProps = { readonly session: Session; readonly today: Date; readonly onSignOut: () => void }

const useStyles = makeStyles({
  notices: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0`,
  },
  caption: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
})

function may(session: Session, role: Role): boolean {
  return session.user === null || session.user.roles.includes(role) || session.user.roles.includes('admin')
}

/** Everything after sign-in: new run, progress, outcome, review and sign-off, history. */
export function Workspace({ session, today, onSignOut }: WorkspaceProps) {
  const styles = useStyles()
  const { api } = session
  const periods = useMemo(() => periodOptions(today), [today])
  const [period, setPeriod] = useState(() => previousPeriod(today))
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [kind, setKind] = useState<SourceKind>('demo')
  const [scale, setScale] = useState('1')
  const { entities, notice: entitiesNotice } = useEntities(api)
  const history = useHistory(api, period)
  const upload = useUpload(api)
  const run = useReconcile(api, () => void history.refresh())
  const review = useReview(api, run.loaded, run.setLoaded)
  const { phase, loaded } = run
  const loadedPeriod = loaded?.stored.period
  useEffect(() => {
    // The workbook's run decides the period shown, so its history is the one listed.
    if (loadedPeriod !== undefined) setPeriod(loadedPeriod)
  }, [loadedPeriod])
  const outcomes = useMemo(() => (loaded ? entityOutcomes(loaded.result, loaded.reviews) : []), [loaded])
  const busy = phase.kind === 'starting' || phase.kind === 'running' || phase.kind === 'writing'
  const outcomeRef = useRef<HTMLDivElement>(null)
  const finishedRunId = phase.kind === 'done' ? phase.runId : null
  useEffect(() => {
    // A finished run's outcome may sit above the form the user scrolled to.
    if (finishedRunId !== null) outcomeRef.current?.scrollIntoView?.({ block: 'start' })
  }, [finishedRunId])

  const source = (): RunSourceRequest =>
    kind === 'demo'
      ? { kind: 'demo', scale: Number(scale) }
      : kind === 'mssql'
        ? { kind: 'mssql' }
        : { kind: 'fileset', filesetId: upload.fileset?.id ?? '' }

  const newRun = may(session, 'preparer') && (
    <Section title="New run">
      <RunForm
        periods={periods.some((p) => p.value === period) ? periods : [{ value: period, label: period }, ...periods]}
        period={period}
        onPeriod={setPeriod}
        entities={entities}
        selected={selected}
        onSelected={setSelected}
        source={{
          kind,
          onKind: setKind,
          scale,
          onScale: setScale,
          files: upload.files,
          onFiles: upload.choose,
          fileset: upload.fileset,
          uploading: upload.busy,
          onUpload: () => void upload.send(),
        }}
        canReconcile={may(session, 'preparer')}
        busy={busy}
        onReconcile={() => {
          const scope = [...selected].sort().join(',')
          const signed = history.runs.find(
            (r) => r.period === period && r.signedOff !== null && !r.supersededBy && [...r.entities].sort().join(',') === scope,
          )
          void run.start({ period, entities: [...selected], source: source() }, signed?.id ?? null)
        }}
      />
    </Section>
  )

  const progress = (busy || (phase.kind === 'failed' && phase.steps)) && (
    <Section title={phase.kind === 'writing' ? 'Writing the sheets' : 'Progress'}>
      <RunProgress
        title={phase.kind === 'writing' ? 'Writing the result sheets' : phase.kind === 'failed' ? 'Run failed' : 'Reconciling'}
        fraction={phase.kind === 'running' || (phase.kind === 'writing' && phase.fraction > 0) ? phase.fraction : null}
        steps={phase.kind === 'running' || phase.kind === 'writing' || phase.kind === 'failed' ? (phase.steps ?? []) : []}
        onCancel={phase.kind === 'running' ? () => void run.cancel(phase.runId) : undefined}
      />
    </Section>
  )

  const runNotices = (phase.kind === 'failed' || phase.kind === 'confirm' || phase.kind === 'supersede') && (
    <div className={styles.notices}>
      {phase.kind === 'failed' && <NoticeBar notice={phase.notice} onDismiss={run.dismiss} />}
      {phase.kind === 'supersede' && (
        <NoticeBar
          notice={{ intent: 'warning', title: 'This run would supersede a signed-off run', message: phase.message }}
          onDismiss={run.dismiss}
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
          onDismiss={run.dismiss}
          actions={
            <Button size="small" onClick={phase.proceed}>
              Discard and continue
            </Button>
          }
        />
      )}
    </div>
  )

  const runBlock = (
    <>
      {newRun}
      {progress}
      {runNotices}
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
      {loaded && (
        <div ref={outcomeRef}>
          <Section title={`Outcome · ${loaded.stored.period}`}>
            <Caption1 className={styles.caption}>
              Run {loaded.stored.runId} · {loaded.result.source}
            </Caption1>
            <Outcome outcomes={outcomes} />
          </Section>
          <Section title="Review and sign-off">
            <NoticeBar notice={review.notice} onDismiss={review.dismiss} />
            <ReviewActions
              runLabel={`Run ${loaded.stored.runId} is in this workbook`}
              canReview={may(session, 'reviewer')}
              notOffered={notOfferedReason(
                session.user?.roles ?? null,
                may(session, 'reviewer'),
                loaded.detail.preparer,
                session.user?.id ?? null,
              )}
              state={signoffView(loaded.detail)}
              busy={review.busy}
              onSync={() => void review.sync(loaded)}
              onSignOff={() => void review.signOff(loaded)}
              onReopen={(reason) => void review.reopen(loaded, reason)}
              onEvidence={() => void review.downloadEvidence(loaded.stored.runId)}
              openItems={review.openItems}
              onShowItem={(key) => void review.showItem(loaded, key)}
            />
          </Section>
        </div>
      )}
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
