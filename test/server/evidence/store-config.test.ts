import { describe, expect, it } from 'vitest'
import { DEFAULT_AZURE_CONTAINER, loadConfig } from '../../../server/config.ts'

const CONNECTION = 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=a2V5;EndpointSuffix=core.windows.net'

describe('the evidence store settings', () => {
  it('default to the data directory', () => {
    expect(loadConfig({}).evidenceStore).toEqual({ kind: 'local', sharedDir: false })
  })

  it('name an Azure container, tieout-evidence unless TIEOUT_AZURE_CONTAINER says otherwise', () => {
    const azure = { TIEOUT_EVIDENCE_STORE: 'azure', TIEOUT_AZURE_STORAGE_CONNECTION_STRING: CONNECTION }
    expect(loadConfig(azure).evidenceStore).toEqual({ kind: 'azure', connectionString: CONNECTION, container: DEFAULT_AZURE_CONTAINER })
    expect(DEFAULT_AZURE_CONTAINER).toBe('tieout-evidence')
    expect(loadConfig({ ...azure, TIEOUT_AZURE_CONTAINER: 'sox-2025' }).evidenceStore).toMatchObject({ container: 'sox-2025' })
  })

  it.each([
    [{ TIEOUT_EVIDENCE_STORE: 's3' }, 'TIEOUT_EVIDENCE_STORE must be local or azure, got "s3"'],
    [{ TIEOUT_EVIDENCE_STORE: 'azure' }, 'TIEOUT_AZURE_STORAGE_CONNECTION_STRING must be set when TIEOUT_EVIDENCE_STORE=azure'],
    [
      { TIEOUT_EVIDENCE_STORE: 'azure', TIEOUT_AZURE_STORAGE_CONNECTION_STRING: CONNECTION, TIEOUT_AZURE_CONTAINER: 'Evidence_2025' },
      'TIEOUT_AZURE_CONTAINER "Evidence_2025" is not a container name',
    ],
    [{ TIEOUT_EVIDENCE_SHARED_DIR: 'maybe' }, 'TIEOUT_EVIDENCE_SHARED_DIR must be true or false, got "maybe"'],
  ])('refuse %o at start', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message)
  })

  it('refuse the local store with several instances on one database, unless the directory is shared', () => {
    const database = { TIEOUT_DATABASE_URL: 'postgres://tieout@db.internal/tieout' }
    expect(() => loadConfig(database)).toThrow(
      'TIEOUT_EVIDENCE_STORE is local (the data directory) while TIEOUT_DATABASE_URL is set: instances sharing a database must share the evidence store',
    )
    expect(() => loadConfig(database)).toThrow('TIEOUT_EVIDENCE_SHARED_DIR=true')
    expect(() => loadConfig(database)).toThrow(expect.objectContaining({ code: 'TIEOUT_ERR_BAD_CONFIG' }) as Error)
    expect(loadConfig({ ...database, TIEOUT_EVIDENCE_SHARED_DIR: 'true' }).evidenceStore).toEqual({ kind: 'local', sharedDir: true })
    const azure = { ...database, TIEOUT_EVIDENCE_STORE: 'azure', TIEOUT_AZURE_STORAGE_CONNECTION_STRING: CONNECTION }
    expect(() => loadConfig(azure)).toThrow(
      'TIEOUT_RUNS_DIR must be set when TIEOUT_DATABASE_URL is: a run interrupted on one instance may resume on another',
    )
    const shared = loadConfig({ ...azure, TIEOUT_RUNS_DIR: '/mnt/tieout/runs' })
    expect(shared.evidenceStore).toMatchObject({ kind: 'azure' })
    expect(shared.runsDir).toBe('/mnt/tieout/runs')
  })
})
