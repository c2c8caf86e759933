import type { Socket } from 'node:net'
import type { ExtractId } from '../../../shared/extracts/schema.ts'
import { type Answer, answer, type DataProvider, extractOf } from './answers.ts'
import { ByteWriter } from './bytes.ts'
import { DONE, type Message, MessageAssembler, PACKET, Packetizer, STATUS_IGNORE } from './protocol.ts'
import { ResponseStream, writeWithBackPressure } from './response-stream.ts'
import { type Login, type ParameterValue, parseLogin7, parseRpc, parseSqlBatch, preloginResponse, SP_EXECUTESQL } from './requests.ts'
import {
  attentionAck,
  CMD_SELECT,
  colMetadata,
  done,
  envCollation,
  envDatabase,
  envPacketSize,
  errorToken,
  type ErrorInfo,
  loginAck,
  returnStatus,
  row,
} from './tokens.ts'

/** Faults a double injects; they can be changed while it runs (`setFaults`). */
export type TdsFaults = {
  /** Nothing listens on the port: clients get ECONNREFUSED. */
  readonly refuseConnections?: boolean
  /** LOGIN7 is answered with error 18456 (login failed). */
  readonly failLogin?: boolean
  /** The socket is reset (TCP RST) after this many rows of an extract query. */
  readonly resetAfterRows?: number
  /** Extract queries are answered after this many milliseconds (above the client's timeout). */
  readonly delayMs?: number
  /** The next `times` extract queries (of `extract`, when given) fail with this server error. */
  readonly queryError?: { readonly number: number; readonly times: number; readonly message?: string; readonly extract?: ExtractId }
}

export type ExtractCall = { readonly extract: string; readonly parameters: Readonly<Record<string, ParameterValue>> }

/** What a double saw and did, for assertions. */
export type TdsStats = {
  connections: number
  logins: Login[]
  /** Catalog queries received, with their bound parameters (names without `@`). */
  queries: ExtractCall[]
  /** Rows written to clients across all queries. */
  rowsSent: number
  /** Times a socket write had to wait for the client to read: back-pressure reached the server. */
  drainWaits: number
  attentions: number
  resets: number
  /** Numbers of the error tokens sent. */
  errorsSent: number[]
}

export type SessionContext = {
  readonly stats: TdsStats
  readonly faults: () => TdsFaults
  /** Takes one use of the `queryError` fault if it applies to this extract. */
  readonly takeQueryError: (extract: string) => ErrorInfo | null
  readonly provider: DataProvider
  readonly defaultPeriod: string
  readonly database: string
}

type Mode = 'batch' | 'rpc'

/** One client connection: PRELOGIN, LOGIN7, then requests answered one at a time. */
export class Session {
  private readonly assembler = new MessageAssembler()
  private packetSize = 4096
  private queue: Promise<void> = Promise.resolve()
  /** Requests received and not yet fully answered. */
  private pending = 0
  private attention = false
  private closed = false
  private wake: (() => void) | null = null

  constructor(
    private readonly socket: Socket,
    private readonly context: SessionContext,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk))
    socket.on('close', () => {
      this.closed = true
      this.interrupt()
    })
    socket.on('error', () => {})
  }

  private onData(chunk: Buffer): void {
    let messages: Message[]
    try {
      messages = this.assembler.push(chunk)
    } catch {
      this.socket.destroy()
      return
    }
    for (const message of messages) {
      if (message.type === PACKET.ATTENTION) this.onAttention()
      else this.enqueue(message)
    }
  }

  private enqueue(message: Message): void {
    this.pending++
    this.queue = this.queue
      .then(() => this.handle(message))
      .catch(() => {
        this.socket.destroy()
      })
      .finally(() => {
        this.pending--
      })
  }

  /** An attention cancels the request in progress; its acknowledgement follows that response. */
  private onAttention(): void {
    this.context.stats.attentions++
    if (this.pending > 0) {
      this.attention = true
      this.interrupt()
    } else void this.write(attentionAck(), true)
  }

  private interrupt(): void {
    const wake = this.wake
    this.wake = null
    wake?.()
  }

  private async handle(message: Message): Promise<void> {
    if (message.status & STATUS_IGNORE) return this.respond({ kind: 'done' }, 'batch', null)
    switch (message.type) {
      case PACKET.PRELOGIN:
        return this.write(preloginResponse(), true)
      case PACKET.LOGIN7:
        return this.login(parseLogin7(message.payload))
      case PACKET.SQL_BATCH:
        return this.statement(parseSqlBatch(message.payload), {}, 'batch')
      case PACKET.RPC_REQUEST:
        return this.rpc(message.payload)
      default:
        throw new Error(`TDS double: unexpected packet type 0x${message.type.toString(16)}`)
    }
  }

  private async login(login: Login): Promise<void> {
    this.context.stats.logins.push(login)
    const out = new ByteWriter()
    if (this.context.faults().failLogin) {
      this.context.stats.errorsSent.push(18456)
      errorToken(out, { number: 18456, message: `Login failed for user '${login.user}'.`, severity: 14 })
      done(out, 'DONE', DONE.ERROR)
      return this.write(out.toBuffer(), true)
    }
    if (login.packetSize >= 512 && login.packetSize <= 32_767) this.packetSize = login.packetSize
    envDatabase(out, login.database || this.context.database)
    envCollation(out)
    loginAck(out)
    envPacketSize(out, this.packetSize)
    done(out, 'DONE', DONE.FINAL)
    return this.write(out.toBuffer(), true)
  }

  private async rpc(payload: Buffer): Promise<void> {
    const call = parseRpc(payload)
    if (call.procedure !== SP_EXECUTESQL) {
      return this.respond(
        { kind: 'error', error: { number: 2812, message: `Could not find stored procedure '${call.procedure}'.` } },
        'rpc',
        null,
      )
    }
    const [statement, ...rest] = call.parameters
    const parameters: Record<string, ParameterValue> = {}
    for (const parameter of rest) if (parameter.name !== '@params') parameters[parameter.name.replace(/^@/, '')] = parameter.value
    return this.statement(String(statement?.value ?? ''), parameters, 'rpc')
  }

  private async statement(text: string, parameters: Record<string, ParameterValue>, mode: Mode): Promise<void> {
    const extract = extractOf(text)
    if (extract === null) return this.respond(answer(text, parameters, this.context), mode, null)
    this.context.stats.queries.push({ extract, parameters })
    const faults = this.context.faults()
    const injected = this.context.takeQueryError(extract)
    if (injected) return this.respond({ kind: 'error', error: injected }, mode, extract)
    if (faults.delayMs) await this.sleep(faults.delayMs)
    return this.respond(answer(text, parameters, this.context), mode, extract)
  }

  private sleep(ms: number): Promise<void> {
    if (this.attention || this.closed) return Promise.resolve()
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wake = null
        resolve()
      }, ms)
      this.wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })
  }

  /** Streams one response message; on attention it ends the message early and acknowledges. */
  private async respond(result: Answer, mode: Mode, extract: string | null): Promise<void> {
    const out = new ResponseStream(this.socket, this.packetSize, this.context.stats)
    if (!this.attention) {
      if (result.kind === 'rows') {
        const reset = await this.writeRows(out, result, mode, extract)
        if (reset) return
      } else if (result.kind === 'error') {
        this.context.stats.errorsSent.push(result.error.number)
        errorToken(out.tokens, result.error)
        done(out.tokens, mode === 'rpc' ? 'DONEPROC' : 'DONE', DONE.ERROR)
      } else done(out.tokens, mode === 'rpc' ? 'DONEPROC' : 'DONE', DONE.FINAL)
    }
    if (this.attention) done(out.tokens, 'DONE', DONE.FINAL)
    await out.end()
    if (this.attention) {
      this.attention = false
      await this.write(attentionAck(), true)
    }
  }

  /** Returns true when the socket was reset by the `resetAfterRows` fault. */
  private async writeRows(
    out: ResponseStream,
    result: Extract<Answer, { kind: 'rows' }>,
    mode: Mode,
    extract: string | null,
  ): Promise<boolean> {
    const resetAfter = extract === null ? undefined : this.context.faults().resetAfterRows
    colMetadata(out.tokens, result.columns)
    let count = 0
    for (const values of result.rows) {
      if (this.attention || this.closed) return false
      if (count === resetAfter) {
        await out.flush()
        this.context.stats.resets++
        this.socket.resetAndDestroy()
        return true
      }
      row(out.tokens, result.columns, values)
      count++
      this.context.stats.rowsSent++
      if (out.full) await out.flush()
    }
    if (mode === 'rpc') {
      done(out.tokens, 'DONEINPROC', DONE.MORE | DONE.COUNT, count, CMD_SELECT)
      returnStatus(out.tokens, 0)
      done(out.tokens, 'DONEPROC', DONE.FINAL)
    } else done(out.tokens, 'DONE', DONE.COUNT, count, CMD_SELECT)
    return false
  }

  private async write(payload: Buffer, last: boolean): Promise<void> {
    const packets = new Packetizer(PACKET.TABULAR_RESULT, this.packetSize).packets(payload, last)
    await writeWithBackPressure(this.socket, Buffer.concat(packets), this.context.stats)
  }
}
