import type { WorkbookModel } from '../../shared/sheets/model.ts'
import { ExcelOperationError } from './excel-error.ts'
import { layoutOf } from './layout.ts'

/**
 * The run a workbook shows, stored twice: as an add-in setting (read by the pane) and as a custom
 * XML part (readable by any tool that opens the file, e.g. the server checking an upload).
 */
export type WorkbookRun = {
  readonly runId: string
  readonly period: string
  readonly entities: readonly string[]
  /** The API the run came from, so a reopened pane finds it again. */
  readonly serverUrl: string
  /** ISO timestamp of the write. */
  readonly writtenAt: string
  /** The sheets show the reviews saved up to this time (the newest `reviewedAt`; "" for none). */
  readonly reviewsAsOf: string
}

export const RUN_SETTING = 'tieout.run'
export const RUN_NAMESPACE = 'urn:tieout:run:1'

export function parseRunSetting(value: unknown): WorkbookRun | null {
  if (typeof value !== 'object' || value === null) return null
  const run = value as Partial<Record<keyof WorkbookRun, unknown>>
  const texts = [run.runId, run.period, run.serverUrl, run.writtenAt, run.reviewsAsOf]
  if (!texts.every((text) => typeof text === 'string')) return null
  if (!Array.isArray(run.entities) || !run.entities.every((code) => typeof code === 'string')) return null
  return value as WorkbookRun
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

function xmlText(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char)
}

/** `<run>` with the entities and, per sheet, where its table sits and how big it is. */
export function runXml(run: WorkbookRun, model: WorkbookModel): string {
  const entities = run.entities.map((code) => `  <entity code="${xmlText(code)}"/>`)
  const sheets = model.sheets.map((sheet) => {
    const layout = layoutOf(sheet)
    return `  <sheet name="${xmlText(sheet.name)}" headerRow="${layout.headerRow + 1}" rows="${layout.dataRows}" columns="${layout.columnCount}"/>`
  })
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<run xmlns="${RUN_NAMESPACE}" runId="${xmlText(run.runId)}" period="${xmlText(run.period)}" server="${xmlText(run.serverUrl)}" writtenAt="${xmlText(run.writtenAt)}">`,
    ...entities,
    ...sheets,
    '</run>',
  ].join('\n')
}

/** The run this workbook shows, or null when Tieout has not written to it. */
export async function readWorkbookRun(): Promise<WorkbookRun | null> {
  try {
    return await Excel.run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(RUN_SETTING)
      setting.load('value')
      await context.sync()
      return setting.isNullObject ? null : parseRunSetting(setting.value)
    })
  } catch (error) {
    throw new ExcelOperationError('Reading the run stored in this workbook', error)
  }
}

/** Records that the sheets now show reviews up to a later time (after Sync review). */
export async function storeWorkbookRun(run: WorkbookRun): Promise<void> {
  try {
    await Excel.run(async (context) => {
      context.workbook.settings.add(RUN_SETTING, { ...run, entities: [...run.entities] })
      await context.sync()
    })
  } catch (error) {
    throw new ExcelOperationError('Storing the run in this workbook', error)
  }
}
