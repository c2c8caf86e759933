import type { WorkbookModel } from '../../shared/sheets/model.ts'
import { DEFAULT_TARGET_BYTES, runOperations } from './batcher.ts'
import { ExcelOperationError, WorkbookConflictError } from './excel-error.ts'
import { RUN_NAMESPACE, RUN_SETTING, runXml, type WorkbookRun } from './metadata.ts'
import { type Operation, operation } from './operations.ts'
import { addSheetOperation, planSheet } from './sheet-plan.ts'
import { printOperation } from './print-layout.ts'

export type WriteProgress = { readonly bytesWritten: number; readonly bytesTotal: number; readonly syncs: number }

export type WriteReport = { readonly syncs: number; readonly bytes: number; readonly sheets: readonly string[] }

export type WriteOptions = {
  readonly targetBytes?: number
  onProgress?(progress: WriteProgress): void
}

const JOB = 'Writing the result sheets'
const TEMP_PREFIX = '~'
const TEMP_NAME = /^~(Summary|Variance|Roll-forward|Bridges|Classification|Evidence)-[a-z0-9]{6}$/

/**
 * Renders the workbook model. New sheets are written under temporary names and swapped in at the
 * end, so a failed write leaves the previous run's sheets as they were. Re-running replaces the
 * result sheets; reviews come back from the server inside the model.
 */
export async function writeWorkbook(model: WorkbookModel, run: WorkbookRun, options: WriteOptions = {}): Promise<WriteReport> {
  const stamp = Math.random().toString(36).slice(2, 8).padEnd(6, '0')
  const temps = model.sheets.map((sheet) => ({ final: sheet.name, temp: `${TEMP_PREFIX}${sheet.name}-${stamp}` }))
  const inspection = inspectOperation()
  const formulaFor = temporaryReferences(temps)
  const operations: Operation[] = [
    inspection,
    ...model.sheets.map((sheet, index) => addSheetOperation(sheet, temps[index]?.temp ?? sheet.name)),
    ...model.sheets.flatMap((sheet, index) => {
      const temp = temps[index]?.temp ?? sheet.name
      return [...planSheet(sheet, temp, formulaFor), printOperation(sheet, temp)]
    }),
    swapOperation(inspection, temps),
    metadataOperation(inspection, run, model),
  ]
  const bytesTotal = operations.reduce((sum, op) => sum + op.bytes, 0)
  try {
    const report = await Excel.run((context) =>
      runOperations(context, operations, {
        job: JOB,
        targetBytes: options.targetBytes ?? DEFAULT_TARGET_BYTES,
        onSync: ({ bytes, syncs }) => options.onProgress?.({ bytesWritten: bytes, bytesTotal, syncs }),
      }),
    )
    return { syncs: report.syncs, bytes: report.bytes, sheets: temps.map((t) => t.final) }
  } catch (error) {
    await removeTempSheets(stamp, error)
    if (error instanceof ExcelOperationError || error instanceof WorkbookConflictError) throw error
    throw new ExcelOperationError(JOB, error)
  }
}

/**
 * Formulas name the final sheets (`Bridges!F12`); while written they point at the temporary sheets,
 * and Excel re-points them when the sheets are renamed, so no formula ever refers to the old run.
 */
function temporaryReferences(temps: readonly { final: string; temp: string }[]): (formula: string) => string {
  const byName = new Map(temps.map(({ final, temp }) => [final, `'${temp}'`]))
  const names = temps.map(({ final }) => final.replace(/[-]/g, '\\-')).join('|')
  const reference = new RegExp(`(?<![A-Za-z0-9_'])'?(${names})'?!`, 'g')
  return (formula) => formula.replace(reference, (_, name: string) => `${byName.get(name) ?? name}!`)
}

type Inspection = Operation & {
  readonly found: { sheets?: Excel.WorksheetCollection; run?: Excel.Setting; parts?: Excel.CustomXmlPartScopedCollection }
}

/** What is in the workbook already: sheet names, our run setting, our custom XML parts. */
function inspectOperation(): Inspection {
  const found: Inspection['found'] = {}
  const op = operation('read the workbook', ({ context }) => {
    found.sheets = context.workbook.worksheets.load('items/name')
    found.run = context.workbook.settings.getItemOrNullObject(RUN_SETTING)
    found.parts = context.workbook.customXmlParts.getByNamespace(RUN_NAMESPACE).load('items/id')
  })
  return { ...op, found }
}

function swapOperation(inspection: Inspection, temps: readonly { final: string; temp: string }[]): Operation {
  return operation(
    'replace the result sheets',
    ({ context }) => {
      const { sheets, run } = inspection.found
      const existing = (sheets?.items ?? []).map((sheet) => sheet.name)
      const ours = run !== undefined && !run.isNullObject
      const sheetsApi = context.workbook.worksheets
      for (const { final } of temps) {
        const old = existing.find((name) => name.toLowerCase() === final.toLowerCase())
        if (old === undefined) continue
        if (!ours)
          throw new WorkbookConflictError(
            `This workbook already has a sheet named "${old}" that Tieout did not write. Rename it, or reconcile into a new workbook.`,
          )
        sheetsApi.getItem(old).delete()
      }
      for (const stale of existing.filter((name) => TEMP_NAME.test(name))) sheetsApi.getItem(stale).delete()
      for (const { temp, final } of temps) sheetsApi.getItem(temp).name = final
      if (temps[0] !== undefined) sheetsApi.getItem(temps[0].final).activate()
    },
    null,
    inspection,
  )
}

function metadataOperation(inspection: Inspection, run: WorkbookRun, model: WorkbookModel): Operation {
  const xml = runXml(run, model)
  return operation(
    'store the run id and period',
    ({ context }) => {
      for (const part of inspection.found.parts?.items ?? []) part.delete()
      context.workbook.customXmlParts.add(xml)
      context.workbook.settings.add(RUN_SETTING, { ...run, entities: [...run.entities] })
    },
    { xml, run },
    inspection,
  )
}

/** After a failure: drop this attempt's half-written sheets; a cleanup failure joins the original. */
async function removeTempSheets(stamp: string, original: unknown): Promise<void> {
  try {
    await Excel.run(async (context) => {
      const sheets = context.workbook.worksheets.load('items/name')
      await context.sync()
      for (const sheet of sheets.items) if (sheet.name.endsWith(`-${stamp}`) && TEMP_NAME.test(sheet.name)) sheet.delete()
    })
  } catch (cleanup) {
    throw new ExcelOperationError('Removing the half-written sheets after a failed write', new AggregateError([original, cleanup]))
  }
}
