import { Badge, Caption1, Card, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { Status } from '../../shared/result/types.ts'
import type { EntityOutcome } from '../state/outcome.ts'

export type OutcomeProps = { readonly outcomes: readonly EntityOutcome[] }

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  card: { padding: tokens.spacingHorizontalM, gap: tokens.spacingVerticalXS },
  head: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: tokens.spacingHorizontalS },
  name: { color: tokens.colorNeutralForeground3, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  figures: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, rowGap: '2px', margin: 0 },
  term: { color: tokens.colorNeutralForeground3, fontSize: tokens.fontSizeBase200 },
  value: { margin: 0, textAlign: 'right', fontVariantNumeric: 'tabular-nums', fontSize: tokens.fontSizeBase200 },
  note: { color: tokens.colorNeutralForeground2 },
})

const BADGES: Readonly<Record<Status, { color: 'success' | 'warning' | 'danger' | 'informative'; text: string }>> = {
  OK: { color: 'success', text: 'OK' },
  INVESTIGATE: { color: 'warning', text: 'Investigate' },
  FX_MISSING: { color: 'danger', text: 'FX rate missing' },
  NO_TV: { color: 'informative', text: 'No target values' },
}

/** The control's conclusion per entity: status, variance, explained and unexplained. */
export function Outcome({ outcomes }: OutcomeProps) {
  const styles = useStyles()
  return (
    <div className={styles.list}>
      {outcomes.map((o) => {
        const badge = BADGES[o.status]
        return (
          <Card key={o.companyCode} className={styles.card} size="small" aria-label={`${o.companyCode} ${badge.text}`}>
            <div className={styles.head}>
              <Text weight="semibold">{o.companyCode}</Text>
              <Badge appearance="filled" color={badge.color}>
                {badge.text}
              </Badge>
            </div>
            <Caption1 className={styles.name}>{o.name}</Caption1>
            <dl className={styles.figures}>
              <Figure label={`Variance ${o.currency}`} value={o.variance} styles={styles} />
              <Figure label={`Explained ${o.currency}`} value={o.explained} styles={styles} />
              <Figure label={`Unexplained ${o.currency}`} value={o.unexplained} styles={styles} />
              <Figure label="Σ |unexplained| USD" value={o.totalUnexplainedUsd ?? 'no FX rate'} styles={styles} />
              <Figure label="Materiality USD" value={o.materialityUsd ?? '–'} styles={styles} />
            </dl>
            <Caption1 className={styles.note}>
              {o.groupsToInvestigate} of {o.groups} account groups to investigate · {o.materialLines} material bridge lines,{' '}
              {o.materialOpen} still Open
            </Caption1>
          </Card>
        )
      })}
    </div>
  )
}

function Figure({ label, value, styles }: { label: string; value: string; styles: ReturnType<typeof useStyles> }) {
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  )
}
