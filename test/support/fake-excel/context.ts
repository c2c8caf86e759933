import { FakeExcelError } from './errors.ts'
import { FakeWorkbook } from './workbook.ts'
import type { RequestRecord, WorkbookState } from './workbook-state.ts'

export type Command = {
  /** What the request carries on the wire: its JSON size is the request's size. */
  readonly describe: unknown
  /** Applies the command to the host; a returned value is part of the response. */
  run(): unknown
  readonly suspendsCalculation?: boolean
}

const encoder = new TextEncoder()

function byteLength(value: unknown): number {
  return encoder.encode(JSON.stringify(value) ?? '').length
}

/**
 * A request context that queues commands until `sync()`, then applies them in order. A request
 * over the payload limit is refused whole; a failing command stops the batch and, as in Excel,
 * the commands before it stay applied.
 */
export class FakeRequestContext {
  readonly state: WorkbookState
  readonly workbook: FakeWorkbook
  readonly application: FakeApplication
  private queue: Command[] = []

  constructor(state: WorkbookState) {
    this.state = state
    this.workbook = new FakeWorkbook(this)
    this.application = new FakeApplication(this)
  }

  enqueue(command: Command): void {
    this.queue.push(command)
  }

  get pendingCommands(): number {
    return this.queue.length
  }

  async sync(): Promise<void> {
    const commands = this.queue
    this.queue = []
    if (commands.length === 0) return
    const bytes = byteLength(commands.map((command) => command.describe))
    const calculationSuspended = commands.some((command) => command.suspendsCalculation === true)
    const record = { bytes, commands: commands.length, calculationSuspended }
    if (bytes > this.state.payloadLimitBytes) {
      this.state.requests.push({ ...record, responseBytes: 0, failed: 'RequestPayloadSizeLimitExceeded' })
      throw new FakeExcelError('RequestPayloadSizeLimitExceeded', `The request payload size (${bytes} bytes) has exceeded the limit.`)
    }
    await Promise.resolve()
    this.process(commands, record)
  }

  private process(commands: readonly Command[], record: Omit<RequestRecord, 'responseBytes' | 'failed'>): void {
    const responses: unknown[] = []
    try {
      for (const command of commands) {
        const response = command.run()
        if (response !== undefined) responses.push(response)
      }
    } catch (error) {
      this.state.requests.push({ ...record, responseBytes: 0, failed: error instanceof FakeExcelError ? error.code : String(error) })
      throw error
    }
    const responseBytes = responses.length === 0 ? 0 : byteLength(responses)
    const failed = responseBytes > this.state.payloadLimitBytes ? 'ResponsePayloadSizeLimitExceeded' : null
    this.state.requests.push({ ...record, responseBytes, failed })
    if (failed) throw new FakeExcelError(failed, `The response payload size (${responseBytes} bytes) has exceeded the limit.`)
  }
}

export class FakeApplication {
  private readonly context: FakeRequestContext

  constructor(context: FakeRequestContext) {
    this.context = context
  }

  suspendApiCalculationUntilNextSync(): void {
    this.context.enqueue({
      describe: { method: 'Application.suspendApiCalculationUntilNextSync' },
      run: () => undefined,
      suspendsCalculation: true,
    })
  }
}
