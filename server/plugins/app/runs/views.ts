import type { AttemptDetail, RunDetail, RunSummary, Signoff, StepDetail } from '../../../../shared/api/runs.ts'
import { parsePeriod } from '../../../../shared/period.ts'
import type { RunInput } from '../../../engine/workflow.ts'
import type { RunRow, RunStepRow, SignoffRow, StepAttemptRow } from '../../../state/tables.ts'

/** Journal rows as the API shows them (shared/api/runs.ts). */
export function runSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    workflow: row.workflow,
    workflowVersion: row.workflow_version,
    status: row.status,
    period: row.period,
    entities: row.entities === '' ? [] : row.entities.split(','),
    preparer: row.preparer,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: errorOf(row.error_code, row.error_message),
    supersededBy: row.superseded_by,
  }
}

export function runDetail(
  row: RunRow,
  steps: readonly RunStepRow[],
  attempts: readonly StepAttemptRow[],
  signoffs: readonly SignoffRow[],
): RunDetail {
  const input = JSON.parse(row.input) as RunInput
  const byStep = new Map<string, AttemptDetail[]>()
  for (const attempt of attempts) {
    const list = byStep.get(attempt.step) ?? []
    list.push(attemptDetail(attempt))
    byStep.set(attempt.step, list)
  }
  return {
    ...runSummary(row),
    input: { period: input.period, entities: [...input.entities], source: { ...input.source } },
    periodDates: parsePeriod(row.period),
    steps: steps.map((step) => stepDetail(step, byStep.get(step.name) ?? [])),
    artifacts: { result: row.result_path !== null, workbook: row.workbook_path !== null, evidence: row.evidence_path !== null },
    signoffs: signoffs.map(signoffView),
    evidence: {
      manifestHash: row.manifest_sha256,
      appendixHead: row.appendix_head,
      appendixCount: row.appendix_count,
      keyFingerprint: row.signing_key_fingerprint,
    },
    supersedesSignedOff: [...(input.supersedesSignedOff ?? [])],
    instance: row.executor_id,
    heldReason: row.held_reason,
  }
}

export function signoffView(row: SignoffRow): Signoff {
  return {
    runId: row.run_id,
    reviewer: row.reviewer,
    comment: row.comment,
    at: row.at,
    superseded: row.superseded === 1,
    supersededBy: row.superseded_by,
    reopened:
      row.reopened_by !== null && row.reopened_at !== null
        ? { by: row.reopened_by, at: row.reopened_at, reason: row.reopen_reason ?? '' }
        : null,
  }
}

function stepDetail(row: RunStepRow, attemptLog: AttemptDetail[]): StepDetail {
  return {
    name: row.name,
    status: row.status,
    attempts: row.attempts,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    durationMs: row.started_at && row.finished_at ? Date.parse(row.finished_at) - Date.parse(row.started_at) : null,
    outputFile: row.output_file,
    sha256: row.sha256,
    summary: row.summary === null ? null : (JSON.parse(row.summary) as StepDetail['summary']),
    lastError: errorOf(row.error_code, row.error_message),
    attemptLog,
  }
}

function attemptDetail(row: StepAttemptRow): AttemptDetail {
  return {
    attempt: row.attempt,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    outcome: row.outcome,
    transient: row.transient === 1,
    error: errorOf(row.error_code, row.error_message),
    nextRetryAt: row.next_retry_at,
  }
}

function errorOf(code: string | null, message: string | null): { code: string; message: string } | null {
  return code === null && message === null ? null : { code: code ?? 'TIEOUT_ERR_INTERNAL', message: message ?? '' }
}
