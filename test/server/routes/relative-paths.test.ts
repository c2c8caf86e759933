import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { pathHider, pathHidingStream } from '../../../server/routes/relative-paths.ts'

const roots = ['/srv/tieout/data', '/srv/tieout/data/files']
const original = '{"source":"files: /srv/tieout/data/files/sept","out":"/srv/tieout/data/runs/r1/a.csv","root":"/srv/tieout/data"}'
const expected = '{"source":"files: sept","out":"runs/r1/a.csv","root":"."}'

describe('server paths made relative', () => {
  it('in a string: the files root first, then the data directory', () => {
    expect(pathHider(roots)(original)).toBe(expected)
  })

  it('in a stream, whatever the chunks (a root cut between two of them included)', async () => {
    for (const size of [1, 2, 5, 7, 16, 1000]) {
      const chunks: Buffer[] = []
      for (let at = 0; at < original.length; at += size) chunks.push(Buffer.from(original.slice(at, at + size)))
      expect(await text(Readable.from(chunks).pipe(pathHidingStream(roots))), `chunks of ${size}`).toBe(expected)
    }
  })
})
