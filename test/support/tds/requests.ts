import { ByteReader } from './bytes.ts'

/** Decoders for what a TDS 7.4 client sends, and the PRELOGIN answer (MS-TDS §2.2.6). */

const PRELOGIN_OPTION = { VERSION: 0x00, ENCRYPTION: 0x01, INSTOPT: 0x02, THREADID: 0x03, MARS: 0x04, TERMINATOR: 0xff } as const
/** The server cannot encrypt: clients that do not insist ('strict') continue in clear text. */
const ENCRYPT_NOT_SUP = 0x02

export function preloginResponse(): Buffer {
  const options: [number, Buffer][] = [
    [PRELOGIN_OPTION.VERSION, Buffer.from([16, 0, 0x10, 0x00, 0, 0])],
    [PRELOGIN_OPTION.ENCRYPTION, Buffer.from([ENCRYPT_NOT_SUP])],
    [PRELOGIN_OPTION.INSTOPT, Buffer.from([0])],
    [PRELOGIN_OPTION.THREADID, Buffer.alloc(0)],
    [PRELOGIN_OPTION.MARS, Buffer.from([0])],
  ]
  const headerLength = options.length * 5 + 1
  const header = Buffer.alloc(headerLength)
  let dataOffset = headerLength
  options.forEach(([token, data], index) => {
    header.writeUInt8(token, index * 5)
    header.writeUInt16BE(dataOffset, index * 5 + 1)
    header.writeUInt16BE(data.length, index * 5 + 3)
    dataOffset += data.length
  })
  header.writeUInt8(PRELOGIN_OPTION.TERMINATOR, headerLength - 1)
  return Buffer.concat([header, ...options.map(([, data]) => data)])
}

export type Login = { readonly user: string; readonly database: string; readonly appName: string; readonly packetSize: number }

/** LOGIN7: the fixed part holds offset/length pairs into the variable part (UCS-2 texts). */
export function parseLogin7(payload: Buffer): Login {
  const text = (at: number): string => {
    const offset = payload.readUInt16LE(at)
    const chars = payload.readUInt16LE(at + 2)
    return payload.toString('ucs2', offset, offset + chars * 2)
  }
  return { packetSize: payload.readUInt32LE(8), user: text(40), appName: text(48), database: text(68) }
}

/** Skips ALL_HEADERS (MS-TDS §2.2.5.3), which start SQL batches and RPCs from TDS 7.2. */
function skipAllHeaders(reader: ByteReader): void {
  const total = reader.u32()
  reader.bytes(total - 4)
}

export function parseSqlBatch(payload: Buffer): string {
  const reader = new ByteReader(payload)
  skipAllHeaders(reader)
  return reader.bytes(reader.remaining).toString('ucs2')
}

export type ParameterValue = string | number | boolean | null

export type RpcCall = {
  /** Procedure name, or `#<id>` for a well-known procedure (10 = sp_executesql). */
  readonly procedure: string
  readonly parameters: ReadonlyArray<{ readonly name: string; readonly value: ParameterValue }>
}

export const SP_EXECUTESQL = '#10'

export function parseRpc(payload: Buffer): RpcCall {
  const reader = new ByteReader(payload)
  skipAllHeaders(reader)
  const nameLength = reader.u16()
  const procedure = nameLength === 0xffff ? `#${reader.u16()}` : reader.ucs2(nameLength)
  reader.u16()
  const parameters: { name: string; value: ParameterValue }[] = []
  while (reader.remaining > 0) {
    const name = reader.bVarChar()
    reader.u8()
    parameters.push({ name, value: readTypedValue(reader) })
  }
  return { procedure, parameters }
}

/** Reads TYPE_INFO then the value, for the types a catalog query binds (and a few neighbours). */
function readTypedValue(reader: ByteReader): ParameterValue {
  const type = reader.u8()
  switch (type) {
    case 0xe7: // NVARCHAR
    case 0xef: {
      // NCHAR
      const maxBytes = reader.u16()
      reader.bytes(5)
      return maxBytes === 0xffff ? readPlpText(reader) : readShortText(reader)
    }
    case 0x26: // INTN
      reader.u8()
      return readIntN(reader)
    case 0x68: // BITN
      reader.u8()
      return reader.u8() === 0 ? null : reader.u8() === 1
    case 0x6d: {
      // FLTN
      reader.u8()
      const length = reader.u8()
      return length === 0 ? null : length === 8 ? reader.f64() : reader.bytes(4).readFloatLE(0)
    }
    case 0x28: // DATEN
      return reader.u8() === 0 ? null : isoDateOfDays(reader.u24())
    default:
      throw new Error(`TDS double: unsupported parameter type 0x${type.toString(16)}`)
  }
}

function readShortText(reader: ByteReader): string | null {
  const bytes = reader.u16()
  return bytes === 0xffff ? null : reader.bytes(bytes).toString('ucs2')
}

/** PLP (max) text: an 8-byte total length, then length-prefixed chunks ending with a 0 chunk. */
function readPlpText(reader: ByteReader): string | null {
  const total = reader.u64()
  if (total === 0xffff_ffff_ffff_ffffn) return null
  const chunks: Buffer[] = []
  for (let length = reader.u32(); length > 0; length = reader.u32()) chunks.push(reader.bytes(length))
  return Buffer.concat(chunks).toString('ucs2')
}

function readIntN(reader: ByteReader): number | null {
  const length = reader.u8()
  if (length === 0) return null
  if (length === 1) return reader.u8()
  if (length === 2) return reader.bytes(2).readInt16LE(0)
  if (length === 4) return reader.i32()
  return Number(reader.bytes(8).readBigInt64LE(0))
}

/** DATE counts days from 0001-01-01; 719,162 of them lie before 1970-01-01. */
function isoDateOfDays(days: number): string {
  return new Date((days - 719_162) * 86_400_000).toISOString().slice(0, 10)
}
