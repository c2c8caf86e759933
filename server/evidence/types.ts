/**
 * The data shapes of an evidence package (methodology §10): what goes in, what the manifest lists, what an
 * appendix record holds and what `verify` reports. Hashes are lowercase hex SHA-256; sizes are bytes.
 */

/** A file to seal into a package: `path` is relative and posix (`extracts/CR_03.csv`). */
export type EvidenceFileInput = {
  readonly path: string
  /**
   * `file` is copied; with `link: true` it is hard-linked when on the same file system (copied
   * otherwise). Link only files nobody rewrites in place: the package shares their bytes.
   * `written` is the size and SHA-256 the file got when it was written (a canonical extract hashes
   * its bytes as it writes them): a linked file of that size is not read again to hash it.
   */
  readonly source:
    | { readonly file: string; readonly link?: boolean; readonly written?: { readonly size: number; readonly sha256: string } }
    | { readonly bytes: Uint8Array | string }
}

export type ManifestEntry = {
  readonly path: string
  readonly size: number
  readonly sha256: string
}

/** The content of `manifest.json`; the package's identity is the SHA-256 of that file's bytes. */
export type Manifest = {
  readonly format: typeof MANIFEST_FORMAT | typeof LEGACY_MANIFEST_FORMAT
  readonly runId: string
  readonly period: string
  readonly createdAt: string
  readonly productVersion: string
  /** The manifest hash of the previous run of the same period; null for the first run of that month. */
  readonly previousManifestSha256: string | null
  /**
   * The previous run's appendix as it stood when this package was sealed: cutting that run's
   * trail afterwards breaks this link. Null for the first run of the month (and in format 1).
   */
  readonly previousAppendix: PreviousAppendix | null
  /** Fingerprint of the key that signs this package's appendix (`signing-key.json`); null in format 1. */
  readonly signingKeyFingerprint: string | null
  /** Sorted by path (UTF-16 code unit order); excludes `manifest.json` and `appendix/`. */
  readonly files: readonly ManifestEntry[]
}

export const MANIFEST_FORMAT = 'tieout-evidence/2'
/** Packages sealed before appendix signing: readable, but their records carry no signature. */
export const LEGACY_MANIFEST_FORMAT = 'tieout-evidence/1'

export type PreviousAppendix = {
  readonly runId: string
  readonly records: number
  /** SHA-256 of that run's last record then; null when it had none. */
  readonly headSha256: string | null
}

export type AppendixKind = 'review' | 'signoff' | 'reopen'

/** One record of `appendix/NNNNNN-<kind>.json`, appended after sealing. */
export type AppendixRecord = {
  readonly seq: number
  readonly kind: AppendixKind
  readonly at: string
  readonly actor: string
  readonly payload: unknown
  /** SHA-256 of the previous record's file bytes; record 1 chains to the manifest's hash. */
  readonly previousRecordSha256: string
  /** The key that signed the record (its fingerprint); the package's `signing-key.json` holds it. */
  readonly keyFingerprint: string
  /** Base64 Ed25519 signature of the record's JSON text without this field. */
  readonly signature: string
}

/** `appendix/seal.json`: the signed count and head of the appendix, rewritten with each append. */
export type AppendixSeal = {
  readonly runId: string
  readonly manifestSha256: string
  readonly records: number
  /** SHA-256 of the last record; null before the first append. */
  readonly headSha256: string | null
  readonly keyFingerprint: string
  readonly signature: string
}

/** Hashes an auditor recorded earlier; any mismatch fails `verify`. */
export type VerifyExpectations = {
  readonly manifestSha256?: string
  readonly appendixHeadSha256?: string
  readonly keyFingerprint?: string
}

export type VerifyReport = {
  /** True when every check that ran passed: no changed, missing or added file, intact appendix and chain. */
  readonly ok: boolean
  readonly source: 'dir' | 'zip'
  /** SHA-256 of the manifest.json bytes as found: record it to detect a regenerated package later. */
  readonly manifestSha256: string
  /** null when the manifest is unreadable. */
  readonly runId: string | null
  readonly period: string | null
  readonly createdAt: string | null
  /** Files of the manifest whose size and hash were recomputed. */
  readonly checkedFiles: number
  readonly changed: readonly string[]
  readonly missing: readonly string[]
  /** Present but not in the manifest; `appendix/` is checked by its own chain instead. */
  readonly added: readonly string[]
  readonly appendix: {
    readonly records: number
    /** SHA-256 of the last record: compare with the server's journal to detect a removed or edited tail. */
    readonly headSha256: string | null
    /** One sentence per broken link, bad signature or seal mismatch, naming the record and the reason. */
    readonly broken: readonly string[]
    /** The signed seal as found (count and head), null when there is none. */
    readonly seal: { readonly records: number; readonly headSha256: string | null } | null
  }
  /** Fingerprint of the package's signing key (`signing-key.json`); null when it has none. */
  readonly keyFingerprint: string | null
  readonly chain: {
    readonly previousManifestSha256: string | null
    /** The previous run's appendix as recorded in this manifest at sealing time. */
    readonly previousAppendix: PreviousAppendix | null
    /** Whether a previous manifest was given to check the link against. */
    readonly checked: boolean
    readonly ok: boolean | null
  }
  /** Every finding as a sentence naming the file. */
  readonly problems: readonly string[]
}
