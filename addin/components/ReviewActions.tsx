import { Button, Caption1, makeStyles, tokens } from '@fluentui/react-components'

export type ReviewActionsProps = {
  readonly runLabel: string
  readonly canReview: boolean
  readonly busy: 'sync' | 'signoff' | 'evidence' | null
  readonly onSync: () => void
  readonly onSignOff: () => void
  readonly onEvidence: () => void
  /** Material line keys a refused sign-off named; each can be shown in the sheet. */
  readonly openItems: readonly string[]
  readonly onShowItem: (lineKey: string) => void
}

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  buttons: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalS },
  hint: { color: tokens.colorNeutralForeground3 },
  items: {
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: '2px',
    maxHeight: '180px',
    overflowY: 'auto',
  },
  item: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    fontSize: tokens.fontSizeBase200,
  },
  key: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', fontFamily: tokens.fontFamilyMonospace },
})

/** Review workflow on the run the workbook shows: sync the review columns, sign off, evidence. */
export function ReviewActions(props: ReviewActionsProps) {
  const styles = useStyles()
  const busy = props.busy !== null
  return (
    <div className={styles.box}>
      <Caption1 className={styles.hint}>
        {props.runLabel}. Edit Review status and Comment in Summary, Variance and Bridges, then sync.
      </Caption1>
      {props.openItems.length > 0 && (
        <>
          <Caption1 className={styles.hint}>Give these a status other than Open, sync, then sign off again:</Caption1>
          <ul className={styles.items} aria-label="Open material items">
            {props.openItems.map((key) => (
              <li key={key} className={styles.item}>
                <span className={styles.key} title={key}>
                  {key}
                </span>
                <Button size="small" appearance="transparent" onClick={() => props.onShowItem(key)} aria-label={`Show ${key} in the sheet`}>
                  Show
                </Button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy || !props.canReview} onClick={props.onSync}>
          {props.busy === 'sync' ? 'Syncing…' : 'Sync review'}
        </Button>
        <Button disabled={busy || !props.canReview} onClick={props.onSignOff}>
          {props.busy === 'signoff' ? 'Signing off…' : 'Sign off'}
        </Button>
      </div>
      <Button appearance="subtle" disabled={busy} onClick={props.onEvidence}>
        {props.busy === 'evidence' ? 'Downloading…' : 'Download evidence (.zip)'}
      </Button>
    </div>
  )
}
