import { Button, Caption1, Checkbox, makeStyles, Spinner, tokens } from '@fluentui/react-components'
import type { Entity } from '../../shared/api/catalog.ts'

export type EntityPickerProps = {
  readonly entities: readonly Entity[] | null
  readonly selected: ReadonlySet<string>
  readonly onChange: (selected: ReadonlySet<string>) => void
}

const useStyles = makeStyles({
  group: { border: 'none', margin: 0, padding: 0, minWidth: 0 },
  legend: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    width: '100%',
    padding: 0,
    fontWeight: tokens.fontWeightSemibold,
  },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(140px, 1fr))', columnGap: tokens.spacingHorizontalS },
  name: { display: 'block', color: tokens.colorNeutralForeground3 },
})

/** In-scope entities as checkboxes (two columns at pane width); out-of-scope ones are not offered. */
export function EntityPicker({ entities, selected, onChange }: EntityPickerProps) {
  const styles = useStyles()
  if (entities === null) return <Spinner size="tiny" label="Loading entities…" />
  const inScope = entities.filter((e) => e.inConsoScope)
  const toggle = (code: string, checked: boolean) => {
    const next = new Set(selected)
    if (checked) next.add(code)
    else next.delete(code)
    onChange(next)
  }
  const all = inScope.length > 0 && inScope.every((e) => selected.has(e.companyCode))
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        Entities
        <Button size="small" appearance="transparent" onClick={() => onChange(new Set(all ? [] : inScope.map((e) => e.companyCode)))}>
          {all ? 'Clear' : 'Select all'}
        </Button>
      </legend>
      <div className={styles.grid}>
        {inScope.map((entity) => (
          <Checkbox
            key={entity.companyCode}
            checked={selected.has(entity.companyCode)}
            onChange={(_, data) => toggle(entity.companyCode, data.checked === true)}
            label={
              <span>
                {entity.companyCode}
                <Caption1 className={styles.name}>
                  {entity.name}
                  {entity.currency ? ` · ${entity.currency}` : ''}
                </Caption1>
              </span>
            }
          />
        ))}
      </div>
    </fieldset>
  )
}
