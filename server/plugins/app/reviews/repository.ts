import type { Kysely, Transaction } from 'kysely'
import type { ReviewEntry } from '../../../../shared/api/reviews.ts'
import { TieoutError } from '../../../../shared/errors.ts'
import type { ReviewStatus } from '../../../../shared/result/types.ts'
import type { Database, ReviewRow, RunRow, SignoffRow } from '../../../state/tables.ts'
import type { EvidenceAnchor } from '../../../evidence/service.ts'

export type NewReview = {
  readonly lineKey: string
  readonly entity: string
  readonly status: ReviewStatus
  readonly comment: string
}

/** Rows per insert: well under PostgreSQL's bound-parameter limit (65,535). */
const INSERT_CHUNK = 500

/**
 * Reviews and sign-offs, append-only. The reviews a run sees are those of its period and entities
 * made on it or on an earlier run, so a re-run carries the latest review of each key forward.
 */
export function createReviewsRepository(db: Kysely<Database>) {
  return { ...reviewRecords(db), ...signoffRecords(db), supersedeOlder: (run: RunRow) => supersedeOlder(db, run) }
}

/** The reviews of a run: the latest of each key, their history, and new ones appended. */
function reviewRecords(db: Kysely<Database>) {
  function scoped(run: RunRow) {
    const entities = run.entities.split(',')
    const earlierRuns = db.selectFrom('runs').select('id').where('period', '=', run.period).where('created_at', '<=', run.created_at)
    return db.selectFrom('reviews').where('period', '=', run.period).where('entity', 'in', entities).where('run_id', 'in', earlierRuns)
  }

  async function latest(run: RunRow): Promise<ReviewEntry[]> {
    const latestIds = scoped(run)
      .select((eb) => eb.fn.max('id').as('id'))
      .groupBy('line_key')
    const rows = await db.selectFrom('reviews').selectAll().where('id', 'in', latestIds).orderBy('id').execute()
    return rows.map((row) => entry(row, run.id))
  }

  async function history(run: RunRow): Promise<ReviewEntry[]> {
    const rows = await scoped(run).selectAll().orderBy('id').execute()
    return rows.map((row) => entry(row, run.id))
  }

  /**
   * Inserts the batch; `record` runs in the same transaction, so a failed evidence append stores
   * nothing, and the journal keeps the appendix's new head and count.
   *
   * @throws TIEOUT_ERR_SIGNED_OFF when the run is signed off (checked inside the transaction).
   */
  async function append(
    run: RunRow,
    reviewer: string,
    reviews: readonly NewReview[],
    at: string,
    record: (entries: ReviewEntry[]) => Promise<EvidenceAnchor>,
  ): Promise<ReviewEntry[]> {
    const rows = reviews.map((review) => ({
      run_id: run.id,
      line_key: review.lineKey,
      entity: review.entity,
      period: run.period,
      status: review.status,
      comment: review.comment,
      reviewer,
      at,
    }))
    return db.transaction().execute(async (trx) => {
      await lockRun(trx, run.id)
      const signed = await activeSignoff(trx, run.id)
      if (signed) throw signedOffError(signed)
      for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
        await trx
          .insertInto('reviews')
          .values(rows.slice(start, start + INSERT_CHUNK))
          .execute()
      }
      const entries = rows.map((row) => entry({ ...row, id: 0 }, run.id))
      await keepAnchor(trx, run.id, await record(entries))
      return entries
    })
  }

  return { latest, history, append }
}

/** The sign-offs of a run: recorded, reopened, and the one in force. */
function signoffRecords(db: Kysely<Database>) {
  function signoffs(runId: string): Promise<SignoffRow[]> {
    return db.selectFrom('signoffs').selectAll().where('run_id', '=', runId).orderBy('id').execute()
  }

  async function recordSignoff(
    signoff: { runId: string; reviewer: string; comment: string; at: string },
    record: () => Promise<EvidenceAnchor>,
  ): Promise<SignoffRow> {
    return db.transaction().execute(async (trx) => {
      // Checked again under the run's lock: two reviewers signing at once get one sign-off.
      await lockRun(trx, signoff.runId)
      const current = await activeSignoff(trx, signoff.runId)
      if (current) {
        throw new TieoutError('TIEOUT_ERR_CONFLICT', {
          detail: `run ${signoff.runId} was already signed off by ${current.reviewer} at ${current.at}`,
        })
      }
      await trx
        .insertInto('signoffs')
        .values({ run_id: signoff.runId, reviewer: signoff.reviewer, comment: signoff.comment, at: signoff.at, superseded: 0 })
        .execute()
      await keepAnchor(trx, signoff.runId, await record())
      return latestSignoff(trx, signoff.runId)
    })
  }

  /**
   * Reopens the run's current sign-off (methodology §8): the sign-off stays in history, marked reopened;
   * the run takes reviews again and needs a new sign-off.
   *
   * @throws TIEOUT_ERR_CONFLICT when the run is not signed off now.
   */
  async function reopen(
    reopening: { runId: string; reviewer: string; reason: string; at: string },
    record: () => Promise<EvidenceAnchor>,
  ): Promise<SignoffRow> {
    return db.transaction().execute(async (trx) => {
      await lockRun(trx, reopening.runId)
      const current = await activeSignoff(trx, reopening.runId)
      if (!current) {
        throw new TieoutError('TIEOUT_ERR_CONFLICT', { detail: `run ${reopening.runId} is not signed off: there is nothing to reopen` })
      }
      await trx
        .updateTable('signoffs')
        .set({ reopened_by: reopening.reviewer, reopened_at: reopening.at, reopen_reason: reopening.reason })
        .where('id', '=', current.id)
        .execute()
      await keepAnchor(trx, reopening.runId, await record())
      return { ...current, reopened_by: reopening.reviewer, reopened_at: reopening.at, reopen_reason: reopening.reason }
    })
  }

  /** The run's sign-off in force (not superseded, not reopened), if any. */
  function currentSignoff(runId: string): Promise<SignoffRow | undefined> {
    return activeSignoff(db, runId)
  }

  return { signoffs, recordSignoff, reopen, currentSignoff }
}

/**
 * A newer succeeded run of the same period and entity set supersedes the older runs and their
 * sign-offs; the sign-offs stay in history, flagged.
 */
async function supersedeOlder(db: Kysely<Database>, run: RunRow): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const older = await trx
      .selectFrom('runs')
      .select('id')
      .where('period', '=', run.period)
      .where('entities', '=', run.entities)
      .where('id', '!=', run.id)
      .where('created_at', '<=', run.created_at)
      .where('superseded_by', 'is', null)
      .execute()
    const ids = older.map((row) => row.id)
    if (ids.length === 0) return ids
    await trx.updateTable('runs').set({ superseded_by: run.id }).where('id', 'in', ids).execute()
    await trx
      .updateTable('signoffs')
      .set({ superseded: 1, superseded_by: run.id })
      .where('run_id', 'in', ids)
      .where('superseded', '=', 0)
      .execute()
    return ids
  })
}

function activeSignoff(db: Kysely<Database>, runId: string): Promise<SignoffRow | undefined> {
  return db
    .selectFrom('signoffs')
    .selectAll()
    .where('run_id', '=', runId)
    .where('superseded', '=', 0)
    .where('reopened_at', 'is', null)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

export function signedOffError(signoff: Pick<SignoffRow, 'run_id' | 'reviewer' | 'at'>): TieoutError {
  return new TieoutError('TIEOUT_ERR_SIGNED_OFF', { runId: signoff.run_id, reviewer: signoff.reviewer, at: signoff.at })
}

/**
 * Reviews, sign-offs and reopenings of one run take the run's row lock for their whole
 * transaction, evidence append included: on every instance sharing the database they happen one
 * at a time, so the sign-off rules and the appendix chain hold.
 */
async function lockRun(trx: Transaction<Database>, runId: string): Promise<void> {
  await trx.selectFrom('runs').select('id').where('id', '=', runId).forUpdate().execute()
}

/** The journal's copy of the appendix head and count: `verify` finds a cut tail against it. */
async function keepAnchor(trx: Transaction<Database>, runId: string, anchor: EvidenceAnchor): Promise<void> {
  await trx
    .updateTable('runs')
    .set({ appendix_head: anchor.headSha256, appendix_count: anchor.records, signing_key_fingerprint: anchor.keyFingerprint })
    .where('id', '=', runId)
    .execute()
}

export type ReviewsRepository = ReturnType<typeof createReviewsRepository>

function latestSignoff(trx: Transaction<Database>, runId: string): Promise<SignoffRow> {
  return trx.selectFrom('signoffs').selectAll().where('run_id', '=', runId).orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()
}

function entry(row: Omit<ReviewRow, 'entity' | 'period'>, viewingRun: string): ReviewEntry {
  return {
    lineKey: row.line_key,
    status: row.status as ReviewStatus,
    comment: row.comment,
    reviewer: row.reviewer,
    reviewedAt: row.at,
    runId: row.run_id,
    carriedForward: row.run_id !== viewingRun,
  }
}
