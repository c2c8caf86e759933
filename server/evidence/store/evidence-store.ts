import type { Readable } from 'node:stream'
import { TieoutError } from '../../../shared/errors.ts'
import type { AppendixFile } from '../appendix-chain.ts'

/**
 * Where sealed evidence packages and uploaded filesets are kept once published: the data
 * directory (the default) or an Azure Blob Storage container, which every server instance reads
 * by run id. Keys are relative posix paths, the same in both stores:
 * `evidence/<period>/<runId>/evidence/<file>` and `filesets/<id>/<file>`.
 *
 * Files are written once: a second write of the same bytes is accepted (a retried publish), of
 * other bytes refused. Only a package's appendix grows after sealing, through
 * `appendToAppendix`, which succeeds for one writer of a given appendix state: the others
 * re-read and try again, so concurrent appends from several processes keep one chain.
 */
export interface EvidenceStore {
  readonly kind: 'local' | 'azure'
  /** For messages: the data directory or the container's URL (never a secret). */
  readonly location: string
  /** The local path of `key` when the store is a local folder (read in place); null otherwise. */
  localPath(key: string): string | null
  /**
   * Writes `key` once. Absent: written whole (never seen half-written). Present with the same
   * bytes: nothing to do. Present with other bytes: TIEOUT_ERR_CONFLICT naming the key.
   */
  putOnce(key: string, body: Uint8Array | { readonly file: string }): Promise<void>
  /** @throws TIEOUT_ERR_NOT_FOUND when `key` is absent. */
  read(key: string): Promise<Buffer>
  /** @throws TIEOUT_ERR_NOT_FOUND when `key` is absent. */
  open(key: string): Promise<Readable>
  exists(key: string): Promise<boolean>
  /** The files below `prefix/`, by path relative to it, with their sizes. */
  list(prefix: string): Promise<Map<string, number>>
  /** The names of the folders directly below `prefix/`. */
  folders(prefix: string): Promise<string[]>
  /**
   * Starts the appendix of the package at `prefix` with `files` as `appendix/` shows them: a new
   * package's first seal (no record yet), or a copied package's records in order and its seal.
   * Idempotent for the same files; other files than those already there are refused.
   */
  startAppendix(prefix: string, files: readonly AppendixFile[]): Promise<void>
  /** The package's appendix as a reader of the package sees it in `appendix/`, and its current state. */
  readAppendix(prefix: string): Promise<StoredAppendix>
  /**
   * Adds `record` and the seal that covers it, but only while the appendix is still as read
   * (`version`): false when another writer appended first (read again and retry).
   */
  appendToAppendix(prefix: string, version: string, record: AppendixFile, seal: Uint8Array): Promise<boolean>
}

export type StoredAppendix = {
  /** The records by name (`NNNNNN-<kind>.json`) and the latest seal (`seal.json`), as `appendix/` holds them. */
  readonly files: readonly AppendixFile[]
  /** Opaque state of the appendix when read, for `appendToAppendix`. */
  readonly version: string
  /** The paths below the package (`appendix/…`) the store keeps the appendix in. */
  readonly storedAs: readonly string[]
}

/** `TIEOUT_EVIDENCE_STORE`: `local` (the data directory) or `azure` (a Blob Storage container). */
export type EvidenceStoreConfig =
  | {
      readonly kind: 'local'
      /** The data directory is a folder every instance mounts (`TIEOUT_EVIDENCE_SHARED_DIR`). */
      readonly sharedDir: boolean
    }
  | { readonly kind: 'azure'; readonly connectionString: string; readonly container: string }

export const STORE_EVIDENCE = 'evidence'
export const STORE_FILESETS = 'filesets'

/** The key of a run's package. */
export function packageKey(period: string, runId: string): string {
  return `${STORE_EVIDENCE}/${period}/${runId}/evidence`
}

export function filesetKey(id: string): string {
  return `${STORE_FILESETS}/${id}`
}

const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/

/** Refuses a key that could leave the store's folder or container (`..`, absolute, empty segments). */
export function assertKey(key: string): string {
  if (key === '' || !key.split('/').every((segment) => SEGMENT.test(segment))) {
    throw new TieoutError('TIEOUT_ERR_BAD_INPUT', { detail: `evidence store key "${key}" is not a relative path of plain names` })
  }
  return key
}

export function joinKey(prefix: string, path: string): string {
  return prefix === '' ? path : `${prefix}/${path}`
}

export function notFound(key: string, cause?: unknown): TieoutError {
  return new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `${key} in the evidence store` }, cause === undefined ? undefined : { cause })
}

export function writtenOnce(where: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_CONFLICT', {
    detail: `${where} is already in the evidence store with other bytes: published files are written once, never overwritten`,
  })
}
