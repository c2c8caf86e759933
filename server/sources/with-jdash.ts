import type { ExtractId } from '../../shared/extracts/schema.ts'
import type { Source } from './source.ts'

/**
 * A SQL Server run takes the Ops (Jdash) export from files: Jdash is a file, never a query
 * (methodology §3). Every other extract comes from the primary source.
 */
export function withJdashFiles(primary: Source, jdash: Source | null): Source {
  const pick = (extract: ExtractId): Source | null => (extract === 'JDASH' ? jdash : primary)
  return {
    kind: primary.kind,
    describe: () => (jdash ? `${primary.describe()}; Jdash: ${jdash.describe()}` : primary.describe()),
    workerSpec: (extract) => pick(extract)?.workerSpec?.(extract) ?? null,
    has: async (extract) => (await pick(extract)?.has(extract)) ?? false,
    read: (request) => {
      const source = pick(request.extract)
      if (!source) throw new Error(`${request.extract}: no source`)
      return source.read(request)
    },
    close: async () => {
      await Promise.all([primary.close(), jdash?.close()])
    },
  }
}
