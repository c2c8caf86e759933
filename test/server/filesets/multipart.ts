import { randomBytes } from 'node:crypto'

/**
 * A multipart/form-data body built by hand, as a browser's FormData would send it: one part per
 * file, `name="files"` and the file name. `disposition` replaces the whole Content-Disposition
 * value, to send what a browser never would (encoded names, no file name).
 */
export type Part = {
  readonly filename?: string
  readonly content: string | Buffer
  readonly field?: string
  readonly contentType?: string
  readonly disposition?: string
}

export type MultipartBody = { readonly payload: Buffer; readonly headers: Record<string, string> }

export function multipartBody(parts: readonly Part[]): MultipartBody {
  const boundary = `----tieout${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const part of parts) {
    const disposition =
      part.disposition ?? `form-data; name="${part.field ?? 'files'}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`
    const type =
      part.contentType ?? (part.filename === undefined && part.disposition === undefined ? undefined : 'application/octet-stream')
    const head = [`--${boundary}`, `Content-Disposition: ${disposition}`, ...(type ? [`Content-Type: ${type}`] : []), '', '']
    chunks.push(
      Buffer.from(head.join('\r\n'), 'utf8'),
      Buffer.isBuffer(part.content) ? part.content : Buffer.from(part.content, 'utf8'),
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } }
}

/** Files by name, each a part named `files`. */
export function filesBody(files: Readonly<Record<string, string | Buffer>>): MultipartBody {
  return multipartBody(Object.entries(files).map(([filename, content]) => ({ filename, content })))
}
