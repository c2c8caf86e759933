import { useMemo, useState } from 'react'
import type { Entity } from '../../shared/api/catalog.ts'
import type { RunSourceRequest, StartRunBody } from '../../shared/api/runs.ts'
import type { useUpload } from '../hooks/use-upload.ts'
import { periodOptions, previousPeriod } from '../state/periods.ts'
import { RunForm } from './RunForm.tsx'
import { Section } from './Section.tsx'
import type { SourceKind } from './SourcePicker.tsx'

/** What the New run form holds: period, entities and source, kept while runs come and go. */
export function useRunChoices(today: Date) {
  const periods = useMemo(() => periodOptions(today), [today])
  const [period, setPeriod] = useState(() => previousPeriod(today))
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set())
  const [kind, setKind] = useState<SourceKind>('demo')
  const [scale, setScale] = useState('1')
  return { periods, period, setPeriod, selected, setSelected, kind, setKind, scale, setScale }
}

export type RunChoices = ReturnType<typeof useRunChoices>

export type NewRunProps = {
  readonly choices: RunChoices
  readonly entities: readonly Entity[] | null
  readonly upload: ReturnType<typeof useUpload>
  readonly canReconcile: boolean
  readonly busy: boolean
  readonly onReconcile: (body: StartRunBody) => void
}

export function NewRun({ choices, entities, upload, canReconcile, busy, onReconcile }: NewRunProps) {
  const { periods, period, setPeriod, selected, setSelected, kind, setKind, scale, setScale } = choices
  const source = (): RunSourceRequest =>
    kind === 'demo'
      ? { kind: 'demo', scale: Number(scale) }
      : kind === 'mssql'
        ? { kind: 'mssql' }
        : { kind: 'fileset', filesetId: upload.fileset?.id ?? '' }

  return (
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
        canReconcile={canReconcile}
        busy={busy}
        onReconcile={() => onReconcile({ period, entities: [...selected], source: source() })}
      />
    </Section>
  )
}
