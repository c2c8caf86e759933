import { EXTRACT_IDS } from '../../shared/extracts/catalog.ts'
import type { ExtractId } from '../../shared/extracts/schema.ts'
import { runComputeStep } from './compute-step.ts'
import { resolveRunEntities, readRunEntities } from './entities-step.ts'
import { runEvidenceStep } from './evidence-step.ts'
import { extractParams, runExtractStep } from './extract-step.ts'
import { RECONCILE_VERSION, type ReconcileDeps } from './reconcile-deps.ts'
import { DEFAULT_RETRY, type StepContext, type StepDef, type WorkflowDef } from '../engine/workflow.ts'

/**
 * The C-PG-1 run: the entity master first (it decides which companies the other queries ask
 * for), every other extract in parallel, then the computation, then the sealed evidence.
 */
export function createReconcileWorkflow(deps: ReconcileDeps): WorkflowDef {
  const retry = deps.retry ?? DEFAULT_RETRY
  const extractStep = (extract: ExtractId): StepDef => ({
    name: `extract:${extract}`,
    dependsOn: extract === 'ENTITIES' ? [] : ['extract:ENTITIES'],
    retry,
    run: async (context: StepContext) => {
      const source = await deps.openSource(context.runId, context.input)
      const companies =
        extract === 'ENTITIES' ? context.input.entities : (await readRunEntities(context.runDir)).map((entity) => entity.companyCode)
      const params = extractParams(context.input, companies, deps.config.glAccounts)
      const output = await runExtractStep(extract, context, { source, params })
      if (extract === 'ENTITIES') await resolveRunEntities(context, deps.config)
      return output
    },
  })
  const extractSteps = EXTRACT_IDS.map(extractStep)
  return {
    name: 'reconcile',
    version: RECONCILE_VERSION,
    steps: () => [
      ...extractSteps,
      { name: 'compute', dependsOn: extractSteps.map((step) => step.name), retry, run: (context) => runComputeStep(context, deps) },
      { name: 'evidence', dependsOn: ['compute'], retry, run: (context) => runEvidenceStep(context, deps) },
    ],
  }
}

export const RECONCILE_STEP_NAMES: readonly string[] = [...EXTRACT_IDS.map((id) => `extract:${id}`), 'compute', 'evidence']
