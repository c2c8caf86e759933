import { Caption1, makeStyles, tokens } from '@fluentui/react-components'
import { type Ref, useMemo } from 'react'
import type { useReview } from '../hooks/use-review.ts'
import { may, type Session } from '../hooks/use-session.ts'
import type { LoadedRun } from '../state/loaded-run.ts'
import { entityOutcomes } from '../state/outcome.ts'
import { notOfferedReason, signoffView } from '../state/signoff-view.ts'
import { NoticeBar } from './NoticeBar.tsx'
import { Outcome } from './Outcome.tsx'
import { ReviewActions } from './ReviewActions.tsx'
import { Section } from './Section.tsx'

const useStyles = makeStyles({
  caption: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
})

export type RunInWorkbookProps = {
  readonly session: Session
  readonly loaded: LoadedRun
  readonly review: ReturnType<typeof useReview>
  readonly outcomeRef: Ref<HTMLDivElement>
}

/** The run this workbook shows: its outcome per entity, then review and sign-off. */
export function RunInWorkbook({ session, loaded, review, outcomeRef }: RunInWorkbookProps) {
  const styles = useStyles()
  const outcomes = useMemo(() => entityOutcomes(loaded.result, loaded.reviews), [loaded])
  return (
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
  )
}
