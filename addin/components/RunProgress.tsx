import { Button, Caption1, Field, makeStyles, mergeClasses, ProgressBar, Spinner, tokens } from '@fluentui/react-components'
import type { StepStatus } from '../../shared/api/runs.ts'
import type { StepView } from '../state/steps.ts'

export type RunProgressProps = {
  readonly title: string
  readonly fraction: number | null
  readonly steps: readonly StepView[]
  readonly onCancel?: () => void
}

const useStyles = makeStyles({
  box: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: '2px' },
  step: {
    display: 'grid',
    gridTemplateColumns: '18px 1fr',
    alignItems: 'start',
    columnGap: tokens.spacingHorizontalXS,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
  label: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  detail: { gridColumn: '2', color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  glyph: { textAlign: 'center', fontWeight: tokens.fontWeightBold },
  succeeded: { color: tokens.colorPaletteGreenForeground1 },
  failed: { color: tokens.colorPaletteRedForeground1 },
  retrying: { color: tokens.colorPaletteDarkOrangeForeground1 },
  pending: { color: tokens.colorNeutralForeground4 },
  cancel: { alignSelf: 'flex-start' },
})

const GLYPHS: Partial<Record<StepStatus, string>> = { succeeded: '✓', failed: '✕', cancelled: '–', pending: '○', retrying: '↻' }

/** Live progress of a run: one bar for the whole run, one line per step with its state. */
export function RunProgress({ title, fraction, steps, onCancel }: RunProgressProps) {
  const styles = useStyles()
  const done = steps.filter((s) => s.status === 'succeeded').length
  const status = steps.length === 0 ? title : `${title}: ${done} of ${steps.length} steps done`
  return (
    <div className={styles.box}>
      <Field validationMessage={status} validationState="none">
        <ProgressBar value={fraction ?? undefined} max={1} thickness="large" aria-label={title} />
      </Field>
      <ul className={styles.list} aria-label="Steps">
        {steps.map((step) => (
          <li key={step.name} className={styles.step}>
            {step.status === 'running' ? (
              <Spinner size="extra-tiny" aria-label="running" />
            ) : (
              <span className={mergeClasses(styles.glyph, styles[glyphClass(step.status)])} aria-label={step.status}>
                {GLYPHS[step.status]}
              </span>
            )}
            <span className={styles.label} title={step.label}>
              {step.label}
              {step.status === 'running' && step.fraction !== null ? ` · ${Math.round(step.fraction * 100)} %` : ''}
            </span>
            {step.detail && <Caption1 className={styles.detail}>{step.detail}</Caption1>}
          </li>
        ))}
      </ul>
      {onCancel && (
        <Button className={styles.cancel} size="small" onClick={onCancel}>
          Cancel run
        </Button>
      )}
    </div>
  )
}

function glyphClass(status: StepStatus): 'succeeded' | 'failed' | 'retrying' | 'pending' {
  if (status === 'succeeded') return 'succeeded'
  if (status === 'failed') return 'failed'
  if (status === 'retrying') return 'retrying'
  return 'pending'
}
