import { ByteWriter } from './bytes.ts'
import { DONE, TOKEN } from './protocol.ts'
import { COLLATION, type WireColumn, writeTypeInfo, writeValue } from './wire-types.ts'

/** Encoders for the tokens this double sends (MS-TDS §2.2.7). Each appends to a ByteWriter. */

const TDS_7_4 = 0x74000004
/** The command a DONE reports for a SELECT. */
export const CMD_SELECT = 0xc1

const ENV = { DATABASE: 1, PACKET_SIZE: 4, SQL_COLLATION: 7 } as const

export function loginAck(out: ByteWriter): void {
  const start = out.u8(TOKEN.LOGINACK).size
  out.u16(0).u8(1).u32be(TDS_7_4).bVarChar('Tieout TDS double').u8(16).u8(0).u8(0).u8(1)
  out.patchLength16(start)
}

export function envDatabase(out: ByteWriter, database: string): void {
  const start = out.u8(TOKEN.ENVCHANGE).size
  out.u16(0).u8(ENV.DATABASE).bVarChar(database).bVarChar('master')
  out.patchLength16(start)
}

export function envPacketSize(out: ByteWriter, packetSize: number): void {
  const start = out.u8(TOKEN.ENVCHANGE).size
  out.u16(0).u8(ENV.PACKET_SIZE).bVarChar(String(packetSize)).bVarChar(String(packetSize))
  out.patchLength16(start)
}

export function envCollation(out: ByteWriter): void {
  const start = out.u8(TOKEN.ENVCHANGE).size
  out.u16(0).u8(ENV.SQL_COLLATION).u8(COLLATION.length).bytes(COLLATION).u8(0)
  out.patchLength16(start)
}

export type ErrorInfo = { readonly number: number; readonly message: string; readonly state?: number; readonly severity?: number }

export function errorToken(out: ByteWriter, info: ErrorInfo): void {
  const start = out.u8(TOKEN.ERROR).size
  out
    .u16(0)
    .u32(info.number)
    .u8(info.state ?? 1)
    .u8(info.severity ?? 16)
  out.usVarChar(info.message).bVarChar('TIEOUT-TDS-DOUBLE').bVarChar('').u32(1)
  out.patchLength16(start)
}

export type DoneKind = 'DONE' | 'DONEPROC' | 'DONEINPROC'

export function done(out: ByteWriter, kind: DoneKind, status: number, rowCount = 0, command = 0): void {
  out.u8(TOKEN[kind]).u16(status).u16(command).u64(BigInt(rowCount))
}

export function returnStatus(out: ByteWriter, value: number): void {
  out.u8(TOKEN.RETURNSTATUS).i32(value)
}

export function colMetadata(out: ByteWriter, columns: readonly WireColumn[]): void {
  out.u8(TOKEN.COLMETADATA).u16(columns.length)
  for (const column of columns) {
    writeTypeInfo(out, column.kind)
    out.bVarChar(column.name)
  }
}

export function row(out: ByteWriter, columns: readonly WireColumn[], values: readonly unknown[]): void {
  out.u8(TOKEN.ROW)
  for (let index = 0; index < columns.length; index++) {
    const column = columns[index]
    if (column) writeValue(out, column.kind, values[index] ?? null, column.name)
  }
}

/** The acknowledgement of an attention: a message of its own holding only this DONE. */
export function attentionAck(): Buffer {
  const out = new ByteWriter(16)
  done(out, 'DONE', DONE.ATTN)
  return out.toBuffer()
}
