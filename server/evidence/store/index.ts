import { join } from 'node:path'
import type { EvidenceStore, EvidenceStoreConfig } from './evidence-store.ts'
import { createLocalStore } from './local-store.ts'

export type { EvidenceStore, EvidenceStoreConfig, StoredAppendix } from './evidence-store.ts'
export { filesetKey, packageKey } from './evidence-store.ts'
export { copyEvidence, type CopiedEvidence } from './copy.ts'
export { findPackage, latestStoredLink, openStoredPackage, publishPackage } from './packages.ts'
export { createLocalStore }

/**
 * The evidence store a configuration names: the data directory, or an Azure Blob Storage container
 * (its client library loads only then).
 */
export async function createEvidenceStore(config: EvidenceStoreConfig, dataDir: string): Promise<EvidenceStore> {
  if (config.kind !== 'azure') return createLocalStore(dataDir)
  const { createAzureStore } = await import('./azure-store.ts')
  return createAzureStore({ connectionString: config.connectionString, container: config.container })
}

/** The local folder of uploads in progress and of filesets read from the store. */
export function filesetCacheDir(dataDir: string): string {
  return join(dataDir, 'filesets')
}
