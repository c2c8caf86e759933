import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { TieoutError } from '../../shared/errors.ts'
import { isErrno } from './fs-util.ts'
import { sha256Hex } from './hash.ts'

/**
 * The server's Ed25519 key that signs every appendix record and the appendix seal (methodology §10).
 * The private key stays in one PEM file (mode 0600); the public key and its fingerprint go into
 * each package, so `verify` checks signatures offline. The fingerprint is the SHA-256 of the
 * public key's DER (SubjectPublicKeyInfo) bytes, lowercase hex: an auditor writes it down once
 * and passes it back as `--expect-key`.
 */
export const SIGNING_ALGORITHM = 'Ed25519'

/** The public half, as a package holds it in `signing-key.json`. */
export type EvidencePublicKey = {
  readonly algorithm: typeof SIGNING_ALGORITHM
  readonly fingerprint: string
  readonly publicKeyPem: string
}

export type EvidenceSigner = EvidencePublicKey & {
  /** Base64 Ed25519 signature of `bytes`. */
  sign(bytes: Uint8Array): string
}

/** Where the key lives when `TIEOUT_SIGNING_KEY_FILE` does not say otherwise. */
export const DEFAULT_KEY_FILE = 'keys/evidence-signing-key.pem'

/**
 * Reads the private key at `file`, or creates one there (folder 0700, file 0600) when the file
 * does not exist yet. Two processes starting at once end up with the same key: the file is
 * created exclusively and the loser reads the winner's.
 *
 * @throws TIEOUT_ERR_BAD_CONFIG when the file is not an Ed25519 private key in PEM.
 */
export async function loadOrCreateSigner(file: string): Promise<EvidenceSigner> {
  const path = resolve(file)
  let pem: string
  try {
    pem = await readFile(path, 'utf8')
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error
    pem = await createKeyFile(path)
  }
  return signerOf(pem, path)
}

async function createKeyFile(path: string): Promise<string> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 })
  const { privateKey } = generateKeyPairSync('ed25519')
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
  try {
    await writeFile(path, pem, { mode: 0o600, flag: 'wx' })
    await chmod(path, 0o600)
    return pem
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return readFile(path, 'utf8')
    throw error
  }
}

/** A signer from a PEM private key; `label` names the key's origin in errors. */
export function signerOf(pem: string, label: string): EvidenceSigner {
  let key: KeyObject
  try {
    key = createPrivateKey(pem)
  } catch (error) {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: label, detail: `not a PEM private key (${(error as Error).message})` })
  }
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
      file: label,
      detail: `an ${SIGNING_ALGORITHM} key is required, not ${String(key.asymmetricKeyType)}`,
    })
  }
  const publicKey = createPublicKey(key)
  return {
    algorithm: SIGNING_ALGORITHM,
    fingerprint: keyFingerprint(publicKey),
    publicKeyPem: publicKey.export({ format: 'pem', type: 'spki' }).toString(),
    sign: (bytes) => sign(null, bytes, key).toString('base64'),
  }
}

export function keyFingerprint(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ format: 'der', type: 'spki' }))
}

/** The fingerprint of a PEM public key, or null when the text is not an Ed25519 public key. */
export function fingerprintOfPem(publicKeyPem: string): string | null {
  try {
    const key = createPublicKey(publicKeyPem)
    return key.asymmetricKeyType === 'ed25519' ? keyFingerprint(key) : null
  } catch {
    return null
  }
}

export function signatureValid(publicKeyPem: string, bytes: Uint8Array, signature: unknown): boolean {
  if (typeof signature !== 'string' || signature === '') return false
  try {
    return verify(null, bytes, createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
