import { join } from 'node:path'
import { createEvidenceService, publishedInStore } from '../evidence/service.ts'
import type { AppServices, ReadinessCheck } from '../plugins/app/services.ts'
import { createEntityDirectory } from '../run/entity-directory.ts'
import type { Source } from '../sources/source.ts'
import type { ReconcileSetup } from './runtime.ts'

/** The backend's services over the reconcile setup: evidence store, entity master, configuration. */
export function createAppServices(
  setup: ReconcileSetup,
  options: { masterSource: () => Source; readiness?: readonly ReadinessCheck[] },
): AppServices {
  return {
    evidence: createEvidenceService(setup.evidenceStore, setup.signer),
    filesets: setup.filesets,
    published: publishedInStore(setup.evidenceStore),
    entities: createEntityDirectory({
      cacheDir: join(setup.dataDir, 'cache'),
      currencies: setup.config.currencies,
      masterSource: options.masterSource,
    }),
    configView: async () => configView(setup),
    ...(options.readiness ? { readiness: options.readiness } : {}),
  }
}

function configView(setup: ReconcileSetup): Record<string, unknown> {
  const { config } = setup
  return {
    files: config.refs.map(({ name, file, sha256 }) => ({ name, file, sha256 })),
    accountMap: config.accountMap,
    thresholds: config.thresholds,
    ruleCatalog: config.ruleCatalog,
    categorization: config.categorization,
    currencies: Object.fromEntries(config.currencies),
    glAccounts: config.glAccounts,
  }
}
