import { execFileSync } from 'node:child_process'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { crc32 } from 'node:zlib'
import yauzl from 'yauzl'
import { describe, expect, it } from 'vitest'
import { zipStream, type ZipEntry } from '../../../server/evidence/zip-format.ts'
import { useTempDirs } from './helpers.ts'

const temp = useTempDirs()

const MIB = 1 << 20
const ZEROS = Buffer.alloc(MIB)
/** Past what 32-bit zip fields hold: the sizes and later offsets need their ZIP64 forms. */
const LARGE = 4 * 1024 * MIB + MIB

function zeros(bytes: number): Readable {
  return Readable.from(
    (function* () {
      for (let left = bytes; left > 0; left -= MIB) yield left >= MIB ? ZEROS : ZEROS.subarray(0, left)
    })(),
  )
}

const text = (name: string, content: string, store = false): ZipEntry => ({
  name,
  store,
  open: async () => Readable.from([Buffer.from(content)]),
})

/** Writes the zip as a sparse file: runs of zero bytes become holes, so 8 GiB of zeros take no disk. */
async function writeSparse(source: Readable, path: string): Promise<number> {
  const file = await open(path, 'w')
  let position = 0
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const at = position
      position += chunk.length
      const zero = chunk.length <= MIB && chunk.equals(ZEROS.subarray(0, chunk.length))
      if (zero) return done()
      file.write(chunk, 0, chunk.length, at).then(() => done(), done)
    },
  })
  try {
    await pipeline(source, sink)
    await file.truncate(position)
  } finally {
    await file.close()
  }
  return position
}

type Listed = { name: string; method: number; size: number; compressedSize: number; crc: number; offset: number }

async function listed(path: string): Promise<{ entries: Listed[]; comment: string }> {
  const zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true })
  const entries: Listed[] = []
  for await (const entry of zip.eachEntry()) {
    entries.push({
      name: entry.fileName,
      method: entry.compressionMethod,
      size: entry.uncompressedSize,
      compressedSize: entry.compressedSize,
      crc: entry.crc32,
      offset: entry.relativeOffsetOfLocalHeader,
    })
  }
  zip.close()
  return { entries, comment: zip.comment }
}

async function readEntry(path: string, name: string): Promise<string> {
  const zip = await yauzl.openPromise(path, { autoClose: false, validateEntrySizes: true })
  try {
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName !== name) continue
      return Buffer.concat(await (await zip.openReadStreamPromise(entry)).toArray()).toString()
    }
    throw new Error(`${name} not in the zip`)
  } finally {
    zip.close()
  }
}

/** The 24-byte ZIP64 data descriptor after an entry's data: signature, CRC-32, 64-bit sizes. */
async function descriptorAfter(
  path: string,
  entry: Listed,
): Promise<{ signature: number; crc: number; compressedSize: number; size: number }> {
  const file = await open(path, 'r')
  try {
    const header = Buffer.alloc(30)
    await file.read(header, 0, 30, entry.offset)
    const dataStart = entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28)
    const descriptor = Buffer.alloc(24)
    await file.read(descriptor, 0, 24, dataStart + entry.compressedSize)
    return {
      signature: descriptor.readUInt32LE(0),
      crc: descriptor.readUInt32LE(4),
      compressedSize: Number(descriptor.readBigUInt64LE(8)),
      size: Number(descriptor.readBigUInt64LE(16)),
    }
  } finally {
    await file.close()
  }
}

const PYTHON_LISTING = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    small = [i for i in z.infolist() if i.file_size < 1 << 20]
    print(json.dumps({
        "entries": [[i.filename, i.file_size, i.header_offset] for i in z.infolist()],
        "small": {i.filename: z.read(i).decode() for i in small},
    }))
`

describe('zip entries past 4 GiB (ZIP64)', () => {
  it('gives sizes, offsets and descriptors that two independent readers accept', async () => {
    const work = await temp()
    const path = join(work, 'large.zip')
    const entries: ZipEntry[] = [
      text('p/before.csv', 'a,b\n1,2\n'),
      { name: 'p/stored.bin', store: true, open: async () => zeros(LARGE) },
      text('p/between.csv', 'after a stored entry of 4 GiB\n'),
      { name: 'p/deflated.csv', store: false, open: async () => zeros(LARGE) },
      text('p/after.csv', 'after 8 GiB\n', true),
    ]
    const options = { dosDate: 0x5b43, dosTime: 0x6000, mode: 0o100644, comment: 'zip64 check', level: 1 }
    const written = await writeSparse(zipStream(entries, options), path)
    expect(written).toBeGreaterThan(LARGE)

    const { entries: found, comment } = await listed(path)
    expect(comment).toBe('zip64 check')
    const zerosCrc = Array.from({ length: LARGE / MIB }).reduce<number>((crc) => crc32(ZEROS, crc), 0)
    const byName = new Map(found.map((entry) => [entry.name, entry]))
    expect(found.map((entry) => entry.name)).toEqual(entries.map((entry) => entry.name))
    expect(byName.get('p/stored.bin')).toMatchObject({ method: 0, size: LARGE, compressedSize: LARGE, crc: zerosCrc })
    expect(byName.get('p/deflated.csv')).toMatchObject({ method: 8, size: LARGE, crc: zerosCrc })
    expect(byName.get('p/between.csv')?.offset).toBeGreaterThan(LARGE)
    expect(await readEntry(path, 'p/after.csv')).toBe('after 8 GiB\n')
    expect(await readEntry(path, 'p/between.csv')).toBe('after a stored entry of 4 GiB\n')

    for (const name of ['p/stored.bin', 'p/deflated.csv']) {
      const entry = byName.get(name) as Listed
      expect(await descriptorAfter(path, entry), name).toEqual({
        signature: 0x08074b50,
        crc: zerosCrc,
        compressedSize: entry.compressedSize,
        size: LARGE,
      })
    }

    // Python's zipfile: another reader of the ZIP64 end records and extra fields.
    const python = JSON.parse(execFileSync('python3', ['-c', PYTHON_LISTING, path], { encoding: 'utf8' })) as {
      entries: [string, number, number][]
      small: Record<string, string>
    }
    expect(python.entries).toEqual(found.map((entry) => [entry.name, entry.size, entry.offset]))
    expect(python.small).toEqual({
      'p/before.csv': 'a,b\n1,2\n',
      'p/between.csv': 'after a stored entry of 4 GiB\n',
      'p/after.csv': 'after 8 GiB\n',
    })
  }, 120_000)
})
