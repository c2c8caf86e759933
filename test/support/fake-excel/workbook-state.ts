import { SheetState } from './sheet-state.ts'

/** Excel on the web's cap on a request and on a response (RichApi). */
export const PAYLOAD_LIMIT_BYTES = 5 * 1024 * 1024
/** A get of more cells than this fails on every platform. */
export const GET_CELL_LIMIT = 5_000_000

export type RequestRecord = {
  readonly bytes: number
  readonly responseBytes: number
  readonly commands: number
  /** `suspendApiCalculationUntilNextSync` was queued in this request. */
  readonly calculationSuspended: boolean
  readonly failed: string | null
}

export type CustomXmlPartState = { readonly id: string; readonly namespaceUri: string; readonly xml: string }

/** Everything a test (or Playwright, through `window.__fakeWorkbook`) inspects after a run. */
export class WorkbookState {
  readonly sheets: SheetState[] = []
  readonly settings = new Map<string, unknown>()
  readonly customXmlParts: CustomXmlPartState[] = []
  readonly requests: RequestRecord[] = []
  activeSheet: string | null = null
  selection: string | null = null
  payloadLimitBytes = PAYLOAD_LIMIT_BYTES
  private nextPartId = 1

  constructor(initialSheets: readonly string[] = ['Sheet1']) {
    for (const name of initialSheets) this.sheets.push(new SheetState(name))
    this.activeSheet = initialSheets[0] ?? null
  }

  get liveSheets(): SheetState[] {
    return this.sheets.filter((sheet) => !sheet.deleted)
  }

  sheet(name: string): SheetState | undefined {
    const wanted = name.toLowerCase()
    return this.liveSheets.find((sheet) => sheet.name.toLowerCase() === wanted)
  }

  sheetNames(): string[] {
    return this.liveSheets.map((sheet) => sheet.name)
  }

  newPartId(): string {
    return `{part-${this.nextPartId++}}`
  }

  get syncs(): number {
    return this.requests.length
  }

  get maxRequestBytes(): number {
    return this.requests.reduce((max, r) => Math.max(max, r.bytes), 0)
  }

  get totalRequestBytes(): number {
    return this.requests.reduce((sum, r) => sum + r.bytes, 0)
  }

  resetStats(): void {
    this.requests.length = 0
  }
}
