import type { Readable } from 'node:stream'
import { BlobServiceClient, RestError, type ContainerClient } from '@azure/storage-blob'
import { TieoutError } from '../../../shared/errors.ts'
import type { AppendixFile } from '../appendix-chain.ts'
import { digestFile, digestStream, sha256Hex } from '../hash.ts'
import { APPENDIX_DIR, SEAL_NAME } from '../layout.ts'
import { assertKey, joinKey, notFound, writtenOnce, type EvidenceStore } from './evidence-store.ts'

export type AzureStoreOptions = {
  /** A storage account connection string (Azurite's for tests). */
  readonly connectionString: string
  readonly container: string
}

/** The appendix of a package is one append blob: records and seals appended, never rewritten. */
export const APPENDIX_LOG = `${APPENDIX_DIR}/records.log`
const FRAME = /^tieout-appendix ([A-Za-z0-9._-]+) (\d+)\n$/

/**
 * The evidence store in an Azure Blob Storage container. Package files and fileset files are
 * block blobs created with `If-None-Match: *`, so a published file is never replaced (and a
 * container with a time-based retention policy refuses it anyway). A package's appendix is an
 * append blob, `appendix/records.log`, of frames `tieout-appendix <name> <length>\n<bytes>\n`:
 * each append adds a record and the seal covering it in one block, conditional on the blob's
 * length when read (`appendPosition`), so of two instances appending at once one wins and the
 * other re-reads and retries. Readers see the records as `appendix/NNNNNN-<kind>.json` and the
 * last seal as `appendix/seal.json`: a downloaded package is the same as from the local store.
 */
export function createAzureStore(options: AzureStoreOptions): EvidenceStore {
  const container = BlobServiceClient.fromConnectionString(options.connectionString).getContainerClient(options.container)
  let ready: Promise<void> | null = null
  const client = async (): Promise<ContainerClient> => {
    ready ??= ensureContainer(container).catch((error: unknown) => {
      ready = null
      throw unavailable(container, error)
    })
    await ready
    return container
  }
  const blob = async (key: string) => (await client()).getBlockBlobClient(assertKey(key))
  const log = async (prefix: string) => (await client()).getAppendBlobClient(assertKey(joinKey(prefix, APPENDIX_LOG)))

  async function putOnce(key: string, body: Uint8Array | { readonly file: string }): Promise<void> {
    const target = await blob(key)
    const conditions = { ifNoneMatch: '*' }
    try {
      if ('file' in body) await target.uploadFile(body.file, { conditions })
      else await target.uploadData(Buffer.from(body), { conditions })
      return
    } catch (error) {
      if (!isStatus(error, 409, 412)) throw error
    }
    const wanted = 'file' in body ? await digestFile(body.file) : { size: body.byteLength, sha256: sha256Hex(body) }
    const found = await digestStream(await openBlob(key))
    if (found.size !== wanted.size || found.sha256 !== wanted.sha256) throw writtenOnce(key)
  }

  async function openBlob(key: string): Promise<Readable> {
    try {
      const response = await (await blob(key)).download()
      return response.readableStreamBody as Readable
    } catch (error) {
      throw isStatus(error, 404) ? notFound(key, error) : error
    }
  }

  async function readLog(prefix: string): Promise<Buffer | null> {
    try {
      return await (await log(prefix)).downloadToBuffer()
    } catch (error) {
      if (isStatus(error, 404)) return null
      throw error
    }
  }

  return {
    kind: 'azure',
    location: withoutQuery(container.url),
    localPath: () => null,
    putOnce,
    read: async (key) => {
      try {
        return await (await blob(key)).downloadToBuffer()
      } catch (error) {
        throw isStatus(error, 404) ? notFound(key, error) : error
      }
    },
    open: openBlob,
    exists: async (key) => (await blob(key)).exists(),
    list: async (prefix) => {
      const files = new Map<string, number>()
      const from = `${assertKey(prefix)}/`
      for await (const item of (await client()).listBlobsFlat({ prefix: from })) {
        files.set(item.name.slice(from.length), item.properties.contentLength ?? 0)
      }
      return files
    },
    folders: async (prefix) => {
      const names: string[] = []
      const from = `${assertKey(prefix)}/`
      for await (const item of (await client()).listBlobsByHierarchy('/', { prefix: from })) {
        if (item.kind === 'prefix') names.push(item.name.slice(from.length).replace(/\/$/, ''))
      }
      return names
    },
    startAppendix: async (prefix, files) => {
      const appendix = await log(prefix)
      await appendix.createIfNotExists()
      const frames = files.map((file) => frame(file.name, file.bytes))
      const expected = Buffer.concat(frames)
      let found = (await readLog(prefix)) ?? Buffer.alloc(0)
      // One frame per block, each at the position where it belongs; an earlier attempt's frames are kept.
      for (;;) {
        const common = Math.min(found.length, expected.length)
        if (!found.subarray(0, common).equals(expected.subarray(0, common))) throw writtenOnce(joinKey(prefix, APPENDIX_LOG))
        if (found.length >= expected.length) return
        const next = frameAt(frames, found.length)
        if (next === null) throw writtenOnce(joinKey(prefix, APPENDIX_LOG))
        try {
          await appendix.appendBlock(next, next.length, { conditions: { appendPosition: found.length } })
          found = Buffer.concat([found, next])
        } catch (error) {
          if (!isStatus(error, 412)) throw error
          found = (await readLog(prefix)) ?? Buffer.alloc(0)
        }
      }
    },
    readAppendix: async (prefix) => {
      const bytes = await readLog(prefix)
      if (bytes === null) return { files: [], version: 'none', storedAs: [] }
      return { files: appendixView(parseFrames(bytes, prefix)), version: String(bytes.length), storedAs: [APPENDIX_LOG] }
    },
    appendToAppendix: async (prefix, version, record, seal) => {
      if (!/^\d+$/.test(version)) throw notFound(joinKey(prefix, APPENDIX_LOG))
      const block = Buffer.concat([frame(record.name, record.bytes), frame(SEAL_NAME, seal)])
      try {
        await (await log(prefix)).appendBlock(block, block.length, { conditions: { appendPosition: Number(version) } })
        return true
      } catch (error) {
        if (isStatus(error, 412)) return false
        throw error
      }
    },
  }
}

async function ensureContainer(container: ContainerClient): Promise<void> {
  try {
    await container.createIfNotExists()
  } catch (error) {
    // A locked-down account lets the server write blobs but not create containers: use it as it is.
    if (!isStatus(error, 403)) throw error
  }
}

function frame(name: string, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from(`tieout-appendix ${name} ${bytes.byteLength}\n`, 'utf8'), Buffer.from(bytes), Buffer.from('\n')])
}

/** The frame that starts at `offset` of the frames laid end to end; null when none starts there. */
function frameAt(frames: readonly Buffer[], offset: number): Buffer | null {
  let at = 0
  for (const next of frames) {
    if (at === offset) return next
    at += next.length
  }
  return null
}

function parseFrames(log: Buffer, prefix: string): AppendixFile[] {
  const frames: AppendixFile[] = []
  let at = 0
  while (at < log.length) {
    const end = log.indexOf(0x0a, at)
    const header = end < 0 ? null : FRAME.exec(log.subarray(at, end + 1).toString('utf8'))
    const length = Number(header?.[2])
    if (!header?.[1] || end + 1 + length + 1 > log.length || log[end + 1 + length] !== 0x0a) {
      throw new TieoutError('TIEOUT_ERR_EVIDENCE', { detail: `${joinKey(prefix, APPENDIX_LOG)} is unreadable at byte ${at}` })
    }
    frames.push({ name: header[1], bytes: log.subarray(end + 1, end + 1 + length) })
    at = end + 1 + length + 1
  }
  return frames
}

/** The records in the order appended, then the last seal: what `appendix/` shows. */
function appendixView(frames: readonly AppendixFile[]): AppendixFile[] {
  const records = frames.filter((file) => file.name !== SEAL_NAME)
  const seal = frames.filter((file) => file.name === SEAL_NAME).at(-1)
  return seal ? [...records, seal] : records
}

function isStatus(error: unknown, ...codes: number[]): boolean {
  return error instanceof RestError && codes.includes(error.statusCode ?? 0)
}

function unavailable(container: ContainerClient, error: unknown): TieoutError {
  const detail = `evidence store ${withoutQuery(container.url)} cannot be reached: ${(error as Error).message}`
  return new TieoutError('TIEOUT_ERR_EVIDENCE', { detail }, { cause: error })
}

/** A SAS connection string puts its token in the URL's query: never shown. */
function withoutQuery(url: string): string {
  return url.split('?', 1)[0] ?? url
}
