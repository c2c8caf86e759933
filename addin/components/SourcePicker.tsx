import { Button, Caption1, Field, Input, makeStyles, Radio, RadioGroup, tokens } from '@fluentui/react-components'
import { useRef } from 'react'
import type { FilesetCreated } from '../api/tieout-api.ts'

export type SourceKind = 'demo' | 'mssql' | 'fileset'

export type SourcePickerProps = {
  readonly kind: SourceKind
  readonly onKind: (kind: SourceKind) => void
  readonly scale: string
  readonly onScale: (scale: string) => void
  readonly files: readonly File[]
  readonly onFiles: (files: readonly File[]) => void
  readonly fileset: FilesetCreated | null
  readonly uploading: boolean
  readonly onUpload: () => void
}

const useStyles = makeStyles({
  upload: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  hint: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere' },
  hidden: { display: 'none' },
})

/** Where the run reads its extracts: the demo generator, SQL Server (server-side), or uploaded files. */
export function SourcePicker(props: SourcePickerProps) {
  const styles = useStyles()
  const input = useRef<HTMLInputElement>(null)
  return (
    <>
      <Field label="Source">
        <RadioGroup value={props.kind} onChange={(_, data) => props.onKind(data.value as SourceKind)}>
          <Radio value="demo" label="Demo data" />
          <Radio value="mssql" label="SQL Server (NAV)" />
          <Radio value="fileset" label="Uploaded extract files" />
        </RadioGroup>
      </Field>
      {props.kind === 'demo' && (
        <Field label="Demo scale" hint="1 ≈ 250,000 extract rows">
          <Input type="number" min={0.01} max={100} step="any" value={props.scale} onChange={(_, data) => props.onScale(data.value)} />
        </Field>
      )}
      {props.kind === 'fileset' && (
        <div className={styles.upload}>
          <input
            ref={input}
            className={styles.hidden}
            type="file"
            multiple
            accept=".csv,.tsv,.xlsx"
            aria-label="Extract files"
            onChange={(event) => props.onFiles([...(event.target.files ?? [])])}
          />
          <div className={styles.row}>
            <Button onClick={() => input.current?.click()}>Choose files…</Button>
            <Button appearance="primary" disabled={props.files.length === 0 || props.uploading} onClick={props.onUpload}>
              {props.uploading ? 'Uploading…' : 'Upload'}
            </Button>
          </div>
          <Caption1 className={styles.hint}>
            {props.fileset
              ? `Uploaded ${props.fileset.files.length} files (set ${props.fileset.id}).`
              : props.files.length > 0
                ? props.files.map((f) => f.name).join(', ')
                : 'One file per extract: CR_04.csv, IPE_07.xlsx, JDASH.csv…'}
          </Caption1>
        </div>
      )}
    </>
  )
}
