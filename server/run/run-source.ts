import type { RunSource } from '../engine/workflow.ts'

/** How a run's source is named in results and evidence: never a password or token. */
export function describeRunSource(source: RunSource): string {
  switch (source.kind) {
    case 'demo':
      return `demo (scale ${source.scale}${source.seed === undefined ? '' : `, seed ${source.seed}`})`
    case 'files':
      return `files: ${source.dir}`
    case 'fileset':
      return `uploaded fileset ${source.filesetId}`
    case 'mssql':
      return source.jdashDir
        ? `SQL Server; Jdash files: ${source.jdashDir}`
        : source.jdashFilesetId
          ? `SQL Server; Jdash fileset ${source.jdashFilesetId}`
          : 'SQL Server (no Jdash export: no timing bridge)'
  }
}
