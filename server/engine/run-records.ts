import type { Kysely } from 'kysely'
import { TieoutError } from '../../shared/errors.ts'
import type { StepLogEntry, StepOutput } from './workflow.ts'
import {
  type AttemptOutcome,
  type Database,
  type NewRun,
  type RunRow,
  type RunStatus,
  type RunStepRow,
  type StepStatus,
  UNFINISHED_RUN_STATUSES,
} from '../state/tables.ts'
import type { ClassifiedError } from './backoff.ts'

export type RunArtifacts = {
  readonly resultPath?: string
  readonly workbookPath?: string
  readonly evidencePath?: string
  /** The sealed package's manifest hash and signing key: the journal's anchor for `verify`. */
  readonly manifestSha256?: string
  readonly keyFingerprint?: string
}

/**
 * The product's record of every run, step and attempt as it happens: what the API, the add-in and
 * the evidence package's step log show. The run engine keeps its own checkpoints beside it.
 */
export class RunRecords {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts the run and its pending steps; a known idempotency key returns the existing run. */
  async createRun(run: NewRun, entities: readonly string[], steps: readonly string[]): Promise<string> {
    return this.db.transaction().execute(async (trx) => {
      if (run.idempotency_key != null) {
        const existing = await trx
          .selectFrom('runs')
          .select(['id', 'workflow', 'input'])
          .where('idempotency_key', '=', run.idempotency_key)
          .executeTakeFirst()
        if (existing) return sameRequest(existing, run)
      }
      await trx.insertInto('runs').values(run).execute()
      // An empty list means every in-scope entity; SQL has no empty VALUES list.
      if (entities.length > 0) {
        await trx
          .insertInto('run_entities')
          .values(entities.map((entity) => ({ run_id: run.id, entity })))
          .execute()
      }
      await trx
        .insertInto('run_steps')
        .values(steps.map((name, position) => ({ run_id: run.id, name, position, status: 'pending', attempts: 0 })))
        .execute()
      return run.id
    })
  }

  getRun(id: string): Promise<RunRow | undefined> {
    return this.db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst()
  }

  getStep(runId: string, name: string): Promise<RunStepRow | undefined> {
    return this.db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).where('name', '=', name).executeTakeFirst()
  }

  getSteps(runId: string): Promise<RunStepRow[]> {
    return this.db.selectFrom('run_steps').selectAll().where('run_id', '=', runId).orderBy('position').execute()
  }

  /** Every attempt of every step of the run so far, in step order then attempt order. */
  async stepLog(runId: string): Promise<StepLogEntry[]> {
    const rows = await this.db
      .selectFrom('step_attempts')
      .innerJoin('run_steps', (join) =>
        join.onRef('run_steps.run_id', '=', 'step_attempts.run_id').onRef('run_steps.name', '=', 'step_attempts.step'),
      )
      .selectAll('step_attempts')
      .where('step_attempts.run_id', '=', runId)
      .orderBy('run_steps.position')
      .orderBy('step_attempts.attempt')
      .execute()
    return rows.map((row) => ({
      step: row.step,
      attempt: row.attempt,
      outcome: row.outcome,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      durationMs: row.finished_at === null ? null : Math.max(0, Date.parse(row.finished_at) - Date.parse(row.started_at)),
      transient: row.transient === 1,
      nextRetryAt: row.next_retry_at,
      error:
        row.error_code === null && row.error_message === null
          ? null
          : { code: row.error_code ?? 'TIEOUT_ERR_INTERNAL', message: row.error_message ?? '' },
    }))
  }

  unfinishedRuns(): Promise<RunRow[]> {
    return this.db
      .selectFrom('runs')
      .selectAll()
      .where('status', 'in', UNFINISHED_RUN_STATUSES)
      .orderBy('created_at')
      .orderBy('id')
      .execute()
  }

  /** An unfinished run that cannot proceed here says why (null clears it). */
  async hold(runId: string, reason: string | null): Promise<void> {
    await this.db
      .updateTable('runs')
      .set({ held_reason: reason })
      .where('id', '=', runId)
      .where('status', 'in', UNFINISHED_RUN_STATUSES)
      .execute()
  }

  async markRunning(runId: string, at: string, executorId: string): Promise<void> {
    await this.db
      .updateTable('runs')
      .set((eb) => ({
        status: 'running',
        started_at: eb.fn.coalesce('started_at', eb.val(at)),
        executor_id: executorId,
        held_reason: null,
      }))
      .where('id', '=', runId)
      .where('status', 'in', UNFINISHED_RUN_STATUSES)
      .execute()
  }

  /** Moves an unfinished run to its final status; false when it had already finished. */
  async finishRun(runId: string, status: RunStatus, at: string, error: ClassifiedError | null): Promise<boolean> {
    const result = await this.db
      .updateTable('runs')
      .set({ status, finished_at: at, error_code: error?.code ?? null, error_message: error?.message ?? null })
      .where('id', '=', runId)
      .where('status', 'in', UNFINISHED_RUN_STATUSES)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  /** After a crash or shutdown: attempts that were running did not finish; their steps run again. */
  async interruptOpenAttempts(runId: string, at: string): Promise<void> {
    await this.db
      .updateTable('run_steps')
      .set({ status: 'pending' })
      .where('run_id', '=', runId)
      .where('status', 'in', ['running', 'retrying'])
      .execute()
    await this.db
      .updateTable('step_attempts')
      .set({ outcome: 'interrupted', finished_at: at })
      .where('run_id', '=', runId)
      .where('outcome', '=', 'running')
      .execute()
  }

  async startAttempt(runId: string, step: string, attempt: number, at: string): Promise<void> {
    await this.db
      .updateTable('run_steps')
      .set((eb) => ({ status: 'running', attempts: attempt, started_at: eb.fn.coalesce('started_at', eb.val(at)) }))
      .where('run_id', '=', runId)
      .where('name', '=', step)
      .execute()
    await this.db
      .insertInto('step_attempts')
      .values({ run_id: runId, step, attempt, started_at: at, outcome: 'running', transient: 0 })
      .execute()
  }

  async endAttempt(
    runId: string,
    step: string,
    attempt: number,
    end: { outcome: AttemptOutcome; at: string; error?: ClassifiedError; nextRetryAt?: string },
  ): Promise<void> {
    await this.db
      .updateTable('step_attempts')
      .set({
        outcome: end.outcome,
        finished_at: end.at,
        error_code: end.error?.code ?? null,
        error_message: end.error?.message ?? null,
        transient: end.error?.transient ? 1 : 0,
        next_retry_at: end.nextRetryAt ?? null,
      })
      .where('run_id', '=', runId)
      .where('step', '=', step)
      .where('attempt', '=', attempt)
      .execute()
  }

  async stepSucceeded(runId: string, step: string, output: StepOutput, at: string): Promise<void> {
    await this.db
      .updateTable('run_steps')
      .set({
        status: 'succeeded',
        finished_at: at,
        output_file: output.file ?? null,
        sha256: output.sha256 ?? null,
        summary: output.summary ? JSON.stringify(output.summary) : null,
        error_code: null,
        error_message: null,
      })
      .where('run_id', '=', runId)
      .where('name', '=', step)
      .execute()
  }

  async setStepStatus(runId: string, step: string, status: StepStatus, at: string | null, error?: ClassifiedError): Promise<void> {
    await this.db
      .updateTable('run_steps')
      .set({
        status,
        ...(at === null ? {} : { finished_at: at }),
        ...(error ? { error_code: error.code, error_message: error.message } : {}),
      })
      .where('run_id', '=', runId)
      .where('name', '=', step)
      .execute()
  }

  /** A cancelled or failed run: steps that had not finished will not. */
  async cancelOpenSteps(runId: string, at: string): Promise<void> {
    await this.db
      .updateTable('run_steps')
      .set({ status: 'cancelled', finished_at: at })
      .where('run_id', '=', runId)
      .where('status', 'in', ['pending', 'running', 'retrying'])
      .execute()
  }

  async setArtifacts(runId: string, artifacts: RunArtifacts): Promise<void> {
    const values = {
      ...(artifacts.resultPath ? { result_path: artifacts.resultPath } : {}),
      ...(artifacts.workbookPath ? { workbook_path: artifacts.workbookPath } : {}),
      ...(artifacts.evidencePath ? { evidence_path: artifacts.evidencePath } : {}),
      ...(artifacts.manifestSha256 ? { manifest_sha256: artifacts.manifestSha256 } : {}),
      ...(artifacts.keyFingerprint ? { signing_key_fingerprint: artifacts.keyFingerprint } : {}),
    }
    if (Object.keys(values).length === 0) return
    await this.db.updateTable('runs').set(values).where('id', '=', runId).execute()
  }
}

function sameRequest(existing: Pick<RunRow, 'id' | 'workflow' | 'input'>, run: NewRun): string {
  if (existing.workflow === run.workflow && existing.input === run.input) return existing.id
  throw new TieoutError('TIEOUT_ERR_CONFLICT', {
    detail: `Idempotency-Key "${run.idempotency_key}" was already used for a different request (run ${existing.id})`,
  })
}
