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

/** The control's conclusion per entity, explained: why the status, and which groups need a reviewer. */
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
            <Caption1 className={styles.note}>{o.conclusion}</Caption1>
            {o.toInvestigate.length > 0 && (
              <dl className={styles.figures} aria-label={`${o.companyCode} groups to investigate`}>
                {o.toInvestigate.map((g) => (
                  <Figure
                    key={g.key}
                    label={g.title}
                    value={g.unexplainedUsd === null ? 'no FX rate' : `${g.unexplainedUsd} USD vs ${g.thresholdUsd ?? '–'}`}
                    styles={styles}
                  />
                ))}
              </dl>
            )}
            <Caption1 className={styles.note}>
              {o.toInvestigate.length === 0
                ? `No account group above its threshold`
                : `${o.toInvestigate.length} of ${o.groups} account groups to investigate (unexplained vs threshold, USD)`}{' '}
              · {o.materialLines} material bridge lines, {o.materialOpen} still Open
            </Caption1>
          </Card>
        )
      })}
    </div>
  )
}

function Figure({
  label,
  value,
  styles,
}: {
  readonly label: string
  readonly value: string
  readonly styles: ReturnType<typeof useStyles>
}) {
  return (
    <>
      <dt className={styles.term}>{label}</dt>
      <dd className={styles.value}>{value}</dd>
    </>
  )
}
