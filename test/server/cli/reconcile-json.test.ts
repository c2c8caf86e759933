import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunResult } from '../../../shared/result/types.ts'
import { mismatches, readFormulaBook } from '../../support/xlsx-formulas.ts'
import { tempDir, tieout, type CliOutcome } from './cli.ts'

describe('tieout reconcile --json', () => {
  let work: string
  let outcome: CliOutcome

  beforeAll(async () => {
    work = await tempDir('reconcile-json')
    outcome = await tieout([
      'reconcile',
      '--source',
      'demo',
      '--period',
      '2025-09',
      '--entities',
      'EC_NG',
      '--scale',
      '0.02',
      '--out',
      join(work, 'out'),
      '--data-dir',
      join(work, 'data'),
      '--json',
    ])
  }, 120_000)
  afterAll(async () => rm(work, { recursive: true, force: true }))

  it('prints one JSON object on stdout with the run, each entity’s conclusion and groups, and the files', async () => {
    expect(outcome.code, outcome.stderr).toBe(0)
    const lines = outcome.stdout.trim().split('\n')
    expect(lines).toHaveLength(1)
    const printed = JSON.parse(lines[0] ?? '') as Record<string, unknown>
    const result = JSON.parse(await readFile(join(work, 'out', 'result.json'), 'utf8')) as RunResult
    expect(printed).toMatchObject({
      status: 'succeeded',
      runId: result.runId,
      period: '2025-09',
      entities: [
        {
          companyCode: 'EC_NG',
          status: result.conclusions[0]?.status,
          unexplainedUsdAbsoluteTotal: result.conclusions[0]?.totalUnexplainedUsd,
        },
      ],
      files: { workbook: join(work, 'out', 'workbook.xlsx'), evidenceZip: join(work, 'out', 'evidence.zip') },
    })
    const investigate = result.tieOut.filter((r) => r.companyCode === 'EC_NG' && r.status === 'INVESTIGATE').map((r) => r.group)
    expect((printed.entities as { groupsToInvestigate: { group: string }[] }[])[0]?.groupsToInvestigate.map((g) => g.group)).toEqual(
      investigate,
    )
  })

  it('the demo workbook foots: every formula recalculated cell by cell gives its cached value, every row ✓', async () => {
    const workbook = await readFormulaBook(join(work, 'out', 'workbook.xlsx'))
    expect(workbook.formulas.length).toBeGreaterThan(10)
    expect(mismatches(workbook)).toEqual([])
    const checks = workbook.formulas.filter((c) => c.sheet === 'Variance' && c.formula.startsWith('IF('))
    expect(checks.length).toBe(7)
    expect(checks.every((c) => c.result === '✓')).toBe(true)
  })

  it('an unknown option gets the command’s own message, listing the options', async () => {
    const bad = await tieout(['reconcile', '--period', '2025-09', '--jsn'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('tieout reconcile: unknown option --jsn; the options are --period, --out,')
    expect(bad.stderr).not.toContain('To specify a positional argument')
  })
})
