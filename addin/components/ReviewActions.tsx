import { Button, Caption1, Field, makeStyles, Text, Textarea, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import type { OpenItem } from '../../shared/api/common.ts'
import { centsToDisplay, parseCents } from '../../shared/money.ts'

/** The run's sign-off as the pane shows it. */
export type SignoffView = {
  readonly signedOff: { readonly by: string; readonly at: string } | null
  readonly reopened: { readonly by: string; readonly at: string; readonly reason: string } | null
  readonly supersededBy: string | null
  readonly manifestHash: string | null
  readonly appendixHead: string | null
}

export type ReviewActionsProps = {
  readonly runLabel: string
  readonly canReview: boolean
  /** Why Sync review and Sign off are not offered to this user (null when they are). */
  readonly notOffered: string | null
  readonly state: SignoffView
  readonly busy: 'sync' | 'signoff' | 'reopen' | 'evidence' | null
  readonly onSync: () => void
  readonly onSignOff: () => void
  readonly onReopen: (reason: string) => void
  readonly onEvidence: () => void
  /** Items a refused sign-off named; each can be shown in the sheet. */
  readonly openItems: readonly OpenItem[]
  readonly onShowItem: (lineKey: string) => void
}

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  buttons: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalS },
  hint: { color: tokens.colorNeutralForeground3 },
  signed: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorPaletteGreenBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteGreenBorder1}`,
  },
  reopened: {
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    padding: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorPaletteYellowBackground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorPaletteYellowBorder1}`,
  },
  hash: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase100, overflowWrap: 'anywhere' },
  items: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    maxHeight: '260px',
    overflowY: 'auto',
  },
  item: {
    display: 'grid',
    gridTemplateColumns: '1fr auto',
    alignItems: 'start',
    gap: tokens.spacingHorizontalS,
    paddingBottom: tokens.spacingVerticalXS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke3}`,
  },
  itemText: { display: 'flex', flexDirection: 'column', minWidth: 0, fontSize: tokens.fontSizeBase200 },
  description: { color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
})

function when(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`
}

function usd(amount: string | null): string {
  const cents = parseCents(amount)
  return cents === null ? 'USD unknown' : `${centsToDisplay(cents)} USD`
}

/** "Timing difference · EC_NG · V-NG-0001 · 784.19 USD": what the item is, where, and how much. */
export function itemHeadline(item: OpenItem): string {
  const what = item.bridge ?? (item.kind === 'tie-out' ? 'Tie-out' : item.kind === 'roll-forward' ? 'Roll-forward' : 'Bridge')
  return `${what} · ${item.entity} · ${item.businessKey} · ${usd(item.amountUsd)}`
}

/** Review workflow on the run the workbook shows: sync the review columns, sign off, reopen, evidence. */
export function ReviewActions(props: ReviewActionsProps) {
  const styles = useStyles()
  const [reason, setReason] = useState<string | null>(null)
  const busy = props.busy !== null
  const { signedOff, reopened, supersededBy } = props.state
  const locked = signedOff !== null
  return (
    <div className={styles.box}>
      <Caption1 className={styles.hint}>
        {props.runLabel}.{' '}
        {locked
          ? 'Reviews are locked while the run is signed off.'
          : 'Edit Review status and Comment in Variance, Roll-forward and Bridges, then sync.'}
      </Caption1>
      {signedOff !== null && (
        <div className={styles.signed} role="status" aria-label="Sign-off">
          <Text weight="semibold">
            Signed off by {signedOff.by} at {when(signedOff.at)}
          </Text>
          {props.state.manifestHash !== null && <span className={styles.hash}>Manifest SHA-256 {props.state.manifestHash}</span>}
          {props.state.appendixHead !== null && <span className={styles.hash}>Appendix head {props.state.appendixHead}</span>}
        </div>
      )}
      {signedOff === null && reopened !== null && (
        <div className={styles.reopened} role="status" aria-label="Reopened">
          <Text weight="semibold">
            Reopened by {reopened.by} at {when(reopened.at)}
          </Text>
          <Caption1>Reason: {reopened.reason}. Not signed off.</Caption1>
        </div>
      )}
      {supersededBy !== null && (
        <Caption1 className={styles.hint}>Superseded by run {supersededBy}: a newer run of this scope replaces it.</Caption1>
      )}
      {props.openItems.length > 0 && (
        <>
          <Caption1 className={styles.hint}>Still Open; give each a status other than Open, sync, then sign off again:</Caption1>
          <ul className={styles.items} aria-label="Open items">
            {props.openItems.map((item) => (
              <li key={item.lineKey} className={styles.item}>
                <span className={styles.itemText}>
                  <Text size={200} weight="semibold">
                    {itemHeadline(item)}
                  </Text>
                  <span className={styles.description}>{item.description}</span>
                </span>
                <Button
                  size="small"
                  appearance="transparent"
                  onClick={() => props.onShowItem(item.lineKey)}
                  aria-label={`Show ${item.businessKey} of ${item.entity} in the sheet`}
                >
                  Show
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.notOffered !== null && <Caption1 className={styles.hint}>{props.notOffered}</Caption1>}
      {props.canReview && (
        <div className={styles.buttons}>
          <Button appearance="primary" disabled={busy || locked} onClick={props.onSync}>
            {props.busy === 'sync' ? 'Syncing…' : 'Sync review'}
          </Button>
          <Button disabled={busy || locked || supersededBy !== null} onClick={props.onSignOff}>
            {props.busy === 'signoff' ? 'Signing off…' : locked ? 'Signed off' : 'Sign off'}
          </Button>
        </div>
      )}
      {props.canReview && locked && reason === null && (
        <Button appearance="secondary" disabled={busy} onClick={() => setReason('')}>
          Reopen…
        </Button>
      )}
      {props.canReview && locked && reason !== null && (
        <div className={styles.box}>
          <Field label="Why reopen? (recorded with the run)" required>
            <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" />
          </Field>
          <div className={styles.buttons}>
            <Button
              appearance="primary"
              disabled={busy || reason.trim() === ''}
              onClick={() => {
                props.onReopen(reason.trim())
                setReason(null)
              }}
            >
              {props.busy === 'reopen' ? 'Reopening…' : 'Reopen sign-off'}
            </Button>
            <Button onClick={() => setReason(null)}>Keep signed off</Button>
          </div>
        </div>
      )}
      <Button appearance="subtle" disabled={busy} onClick={props.onEvidence}>
        {props.busy === 'evidence' ? 'Downloading…' : 'Download evidence (.zip)'}
      </Button>
    </div>
  )
}
