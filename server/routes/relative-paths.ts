import { sep } from 'node:path'
import type { FastifyInstance } from 'fastify'

/**
 * No answer names a path on the server: where a response carries one (a step's output file, a
 * run's files folder, a files-source error), it is shown relative to the files root or the data
 * directory. The most specific root is replaced first.
 */
export function pathHider(roots: readonly string[]): (text: string) => string {
  const ordered = [...new Set(roots)].filter((root) => root.length > 1).sort((a, b) => b.length - a.length)
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
