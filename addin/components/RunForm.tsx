import { Button, Field, makeStyles, Select, tokens } from '@fluentui/react-components'
import type { Entity } from '../../shared/api/catalog.ts'
import type { PeriodOption } from '../state/periods.ts'
import { EntityPicker } from './EntityPicker.tsx'
import { SourcePicker, type SourcePickerProps } from './SourcePicker.tsx'

export type RunFormProps = {
  readonly periods: readonly PeriodOption[]
  readonly period: string
  readonly onPeriod: (period: string) => void
  readonly entities: readonly Entity[] | null
  readonly selected: ReadonlySet<string>
  readonly onSelected: (selected: ReadonlySet<string>) => void
  readonly source: SourcePickerProps
  readonly canReconcile: boolean
  readonly busy: boolean
  readonly onReconcile: () => void
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  reconcile: { width: '100%' },
})

/** Period, entities and source of a run, and the Reconcile button. */
export function RunForm(props: RunFormProps) {
  const styles = useStyles()
  const ready = props.selected.size > 0 && (props.source.kind !== 'fileset' || props.source.fileset !== null)
  return (
    <form
      className={styles.form}
      aria-label="New run"
      onSubmit={(event) => {
        event.preventDefault()
        if (ready) props.onReconcile()
      }}
    >
      <Field label="Period (month N)">
        <Select value={props.period} onChange={(_, data) => props.onPeriod(data.value)}>
          {props.periods.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label} ({option.value})
            </option>
          ))}
        </Select>
      </Field>
      <EntityPicker entities={props.entities} selected={props.selected} onChange={props.onSelected} />
      <SourcePicker {...props.source} />
      <Button
        className={styles.reconcile}
        type="submit"
        appearance="primary"
        size="large"
        disabled={!ready || props.busy || !props.canReconcile}
      >
        {props.busy ? 'Reconciling…' : 'Reconcile'}
      </Button>
    </form>
  )
}
