import { TieoutError } from '../../shared/errors.ts'
import type { StepDef, WorkflowDef } from './workflow.ts'

/** Workflow definitions by name; a name is registered once. */
export class WorkflowRegistry {
  private readonly workflows = new Map<string, WorkflowDef>()

  register(workflow: WorkflowDef): void {
    if (this.workflows.has(workflow.name)) {
      throw new TieoutError('TIEOUT_ERR_BAD_CONFIG', {
        file: `workflow ${workflow.name}`,
        detail: 'is already registered',
      })
    }
    this.workflows.set(workflow.name, workflow)
  }

  get(name: string): WorkflowDef | undefined {
    return this.workflows.get(name)
  }

  all(): readonly WorkflowDef[] {
    return [...this.workflows.values()]
  }
}

/**
 * Steps of one run, checked before anything is journaled: unique names, known dependencies and
 * no cycle, so the scheduler can never wait forever.
 */
export function planSteps(workflow: WorkflowDef, steps: readonly StepDef[]): readonly StepDef[] {
  const byName = new Map<string, StepDef>()
  for (const step of steps) {
    if (byName.has(step.name)) throw badWorkflow(workflow, `step ${step.name} is defined twice`)
    byName.set(step.name, step)
  }
  for (const step of steps) {
    const unknown = step.dependsOn.find((name) => !byName.has(name))
    if (unknown !== undefined) throw badWorkflow(workflow, `step ${step.name} depends on unknown step ${unknown}`)
  }
  assertAcyclic(workflow, byName)
  return steps
}

function assertAcyclic(workflow: WorkflowDef, byName: ReadonlyMap<string, StepDef>): void {
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string): void => {
    const seen = state.get(name)
    if (seen === 'done') return
    if (seen === 'visiting') throw badWorkflow(workflow, `steps depend on each other in a cycle through ${name}`)
    state.set(name, 'visiting')
    for (const dependency of byName.get(name)?.dependsOn ?? []) visit(dependency)
    state.set(name, 'done')
  }
  for (const name of byName.keys()) visit(name)
}

function badWorkflow(workflow: WorkflowDef, detail: string): TieoutError {
  return new TieoutError('TIEOUT_ERR_BAD_CONFIG', { file: `workflow ${workflow.name}@${workflow.version}`, detail })
}
