import type { Kysely } from 'kysely'
import type { RunDetail, RunListQuery, RunSummary } from '../../../../shared/api/runs.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { Database, RunRow } from '../../../state/tables.ts'
import { runDetail, runSummary } from './views.ts'

/** Reads of the run journal for the API; the engine alone writes it. */
export function createRunsRepository(db: Kysely<Database>) {
  async function find(id: string): Promise<RunRow | undefined> {
    return db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst()
  }

  async function get(id: string): Promise<RunRow> {
    const run = await find(id)
    if (!run) throw new TieoutError('TIEOUT_ERR_NOT_FOUND', { what: `run ${id}` })
    return run
  }

  async function list(query: RunListQuery): Promise<RunSummary[]> {
    let select = db.selectFrom('runs').selectAll()
    if (query.period !== undefined) select = select.where('period', '=', query.period)
    if (query.status !== undefined) select = select.where('status', '=', query.status)
    if (query.entity !== undefined) {
      const entity = query.entity
      select = select.where('id', 'in', (eb) => eb.selectFrom('run_entities').select('run_id').where('entity', '=', entity))
    }
    const rows = await select
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute()
    return rows.map(runSummary)
  }

  async function detail(id: string): Promise<RunDetail> {
    const run = await get(id)
    const [steps, attempts, signoffs] = await Promise.all([
      db.selectFrom('run_steps').selectAll().where('run_id', '=', id).orderBy('position').execute(),
      db.selectFrom('step_attempts').selectAll().where('run_id', '=', id).orderBy('step').orderBy('attempt').execute(),
      db.selectFrom('signoffs').selectAll().where('run_id', '=', id).orderBy('id').execute(),
    ])
    return runDetail(run, steps, attempts, signoffs)
  }

  /** Current signed-off runs of `period` and the entity set `entities` (sorted, comma-joined). */
  async function signedOffInScope(period: string, entities: string): Promise<{ runId: string; reviewer: string; at: string }[]> {
    return db
      .selectFrom('signoffs')
      .innerJoin('runs', 'runs.id', 'signoffs.run_id')
      .select(['signoffs.run_id as runId', 'signoffs.reviewer as reviewer', 'signoffs.at as at'])
      .where('runs.period', '=', period)
      .where('runs.entities', '=', entities)
      .where('runs.superseded_by', 'is', null)
      .where('signoffs.superseded', '=', 0)
      .where('signoffs.reopened_at', 'is', null)
      .orderBy('signoffs.id')
      .execute()
  }

  /** Unfinished runs of the same period and entity set started after `run`: they will supersede it. */
  async function newerInProgress(run: RunRow): Promise<string[]> {
    const rows = await db
      .selectFrom('runs')
      .select('id')
      .where('period', '=', run.period)
      .where('entities', '=', run.entities)
      .where('id', '!=', run.id)
      .where('created_at', '>=', run.created_at)
      .where('status', 'in', ['queued', 'running'])
      .orderBy('created_at')
      .execute()
    return rows.map((row) => row.id)
  }

  async function countByStatus(): Promise<Map<string, number>> {
    const rows = await db
      .selectFrom('runs')
      .select((eb) => ['status', eb.fn.countAll<number>().as('count')])
      .groupBy('status')
      .execute()
    return new Map(rows.map((row) => [row.status, Number(row.count)]))
  }

  return { find, get, list, detail, signedOffInScope, newerInProgress, countByStatus }
}

export type RunsRepository = ReturnType<typeof createRunsRepository>
