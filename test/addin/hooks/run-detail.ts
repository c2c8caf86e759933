import type { RunDetail } from '../../../shared/api/runs.ts'

/** A finished run's detail as `GET /api/runs/:id` answers it. */
export function makeRunDetail(o: Partial<RunDetail> = {}): RunDetail {
  return {
    id: 'run-2025-09-0001',
    workflow: 'reconcile',
    workflowVersion: '1',
    status: 'succeeded',
    period: '2025-09',
    entities: ['EC_NG', 'JD_GH'],
    preparer: 'p.adeyemi@example.com',
    createdAt: '2025-10-06T08:00:00.000Z',
    startedAt: '2025-10-06T08:00:01.000Z',
    finishedAt: '2025-10-06T08:02:00.000Z',
    error: null,
    supersededBy: null,
    input: { period: '2025-09', entities: ['EC_NG', 'JD_GH'], source: { kind: 'demo' } },
    periodDates: {
      period: '2025-09',
      year: 2025,
      month: 9,
      closingDate: '2025-09-30',
      periodStart: '2025-09-01',
      nextPeriodStart: '2025-10-01',
      yearStart: '2025-01-01',
      timingWindowStart: '2025-10-01',
      fxYear: 2025,
      fxMonth: 9,
    },
    steps: [],
    artifacts: { result: true, workbook: true, evidence: true },
    signoffs: [],
    evidence: { manifestHash: null, appendixHead: null, appendixCount: 0, keyFingerprint: null },
    supersedesSignedOff: [],
    instance: null,
    heldReason: null,
    ...o,
  }
}
