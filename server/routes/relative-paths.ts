import { sep } from 'node:path'
import { Transform } from 'node:stream'
import type { FastifyInstance } from 'fastify'

/**
 * No answer names a path on the server: where a response carries one (a step's output file, a
 * run's files folder, a files-source error), it is shown relative to the files root or the data
 * directory. The most specific root is replaced first.
 */
export function pathHider(roots: readonly string[]): (text: string) => string {
  const ordered = orderedRoots(roots)
  return (text) => {
    let out = text
    for (const root of ordered) {
      if (!out.includes(root)) continue
      out = out.split(`${root}${sep}`).join('').split(root).join('.')
    }
    return out
  }
}

/** A copy of a JSON value with every string passed through `hide`. */
export function withoutServerPaths<T>(value: T, hide: (text: string) => string): T {
  if (typeof value === 'string') return hide(value) as T
  if (Array.isArray(value)) return value.map((item: unknown) => withoutServerPaths(item, hide)) as T
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value) && !(value instanceof Uint8Array)) {
    if (typeof (value as { pipe?: unknown }).pipe === 'function') return value
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, withoutServerPaths(item, hide)])) as T
  }
  return value
}

/** Every JSON answer (results, errors) leaves with server paths made relative. */
export function hideServerPaths(app: FastifyInstance): (text: string) => string {
  const hide = pathHider([app.config.filesRoot, app.config.dataDir])
  app.addHook('preSerialization', async (_request, _reply, payload) => withoutServerPaths(payload, hide))
  return hide
}

function orderedRoots(roots: readonly string[]): string[] {
  return [...new Set(roots)].filter((root) => root.length > 1).sort((a, b) => b.length - a.length)
}

/**
 * The same replacement on a byte stream (a result file sent as it is): a root cut between two
 * chunks is still found, since the last bytes that could begin one wait for the next chunk.
 */
export function pathHidingStream(roots: readonly string[]): Transform {
  const rules = orderedRoots(roots).flatMap((root) => [
    { find: Buffer.from(`${root}${sep}`), put: Buffer.alloc(0) },
    { find: Buffer.from(root), put: Buffer.from('.') },
  ])
  const keep = Math.max(0, ...rules.map((rule) => rule.find.length - 1))
  let carry = Buffer.alloc(0)
  const replace = (buffer: Buffer, final: boolean): Buffer => {
    const out: Buffer[] = []
    let at = 0
    for (;;) {
      let best: { index: number; rule: (typeof rules)[number] } | null = null
      for (const rule of rules) {
        const index = buffer.indexOf(rule.find, at)
        if (index >= 0 && (best === null || index < best.index)) best = { index, rule }
      }
      // A match near the end might be the start of a longer one: decide with the next chunk.
      if (best === null || (!final && best.index + keep + 1 > buffer.length)) break
      out.push(buffer.subarray(at, best.index), best.rule.put)
      at = best.index + best.rule.find.length
    }
    const emitUpTo = final ? buffer.length : Math.max(at, buffer.length - keep)
    out.push(buffer.subarray(at, emitUpTo))
    carry = Buffer.from(buffer.subarray(emitUpTo))
    return Buffer.concat(out)
  }
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      done(null, replace(Buffer.concat([carry, chunk]), false))
    },
    flush(done) {
      done(null, replace(carry, true))
    },
  })
}
