import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parsePeriod } from '../../../shared/period.ts'
import { createReadStream } from 'node:fs'
import { RESULT_LIST_FILES } from '../../../shared/api/result-schema.ts'
import { withLists } from '../../../shared/result/lists.ts'
import type { BridgeLine, CurrentRunResult, ListedRunResult } from '../../../shared/result/types.ts'
import { readResultList } from '../../../server/export/result-lists.ts'
import { demoGroundTruth, type GroundTruth } from '../../../server/demo/index.ts'
import { resultSchemaErrors } from '../../support/result-schema-validator.ts'
import { tempDir, tieout, type CliOutcome } from './cli.ts'

const PERIOD = '2025-09'
const ENTITIES = ['EC_NG', 'JM_EG']
const SCALE = 0.05

describe('tieout reconcile --source demo (the main job)', () => {
  let work: string
  let outcome: CliOutcome
  let published: CurrentRunResult
  /** result.json with the long lists read back from the evidence CSVs it names. */
  let result: ListedRunResult
  let truth: GroundTruth

  beforeAll(async () => {
    work = await tempDir('reconcile')
    outcome = await tieout([
      'reconcile',
      '--source',
      'demo',
      '--period',
      PERIOD,
      '--entities',
      ENTITIES.join(','),
      '--scale',
      String(SCALE),
      '--out',
      join(work, 'out'),
      '--data-dir',
      join(work, 'data'),
    ])
    published = JSON.parse(await readFile(join(work, 'out', 'result.json'), 'utf8')) as CurrentRunResult
    const evidence = join(work, 'out', 'evidence')
    const list = <L extends 'classifiedItems' | 'uncategorized'>(name: L) =>
      readResultList(createReadStream(join(evidence, RESULT_LIST_FILES[name])), name, RESULT_LIST_FILES[name])
    result = withLists(published, { classifiedItems: await list('classifiedItems'), uncategorized: await list('uncategorized') })
    truth = demoGroundTruth({ period: parsePeriod(PERIOD), companies: ENTITIES, scale: SCALE })
  })
  afterAll(async () => rm(work, { recursive: true, force: true }))

  it('succeeds and prints each entity’s conclusion and where the files are', () => {
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stdout).toMatch(/EC_NG\s+(OK|INVESTIGATE)/)
    expect(outcome.stdout).toContain(join(work, 'out', 'workbook.xlsx'))
    expect(outcome.stderr).toMatch(/compute done in/)
  })

  it('writes a result.json valid against the published docs/result.schema.json', () => {
    expect(resultSchemaErrors(published)).toEqual([])
  })

  it('counts the classified items and uncategorized entries in result.json and lists them in the evidence CSVs', () => {
    expect(published.classification).not.toHaveProperty('items')
    expect(published.categorization).not.toHaveProperty('uncategorized')
    expect(published.classification.itemCount).toBe(result.classification.items.length)
    expect(published.classification.itemCount).toBeGreaterThan(0)
    expect(published.categorization.uncategorizedCount).toBe(result.categorization.uncategorized.length)
    expect(published.categorization.uncategorizedCount).toBeGreaterThan(0)
  })

  it('concludes on every entity as planted', () => {
    for (const entity of truth.entities) {
      const conclusion = result.conclusions.find((c) => c.companyCode === entity.companyCode)
      expect(conclusion, entity.companyCode).toEqual(
        expect.objectContaining({ status: entity.conclusion, totalUnexplainedUsd: entity.totalUnexplainedUsd }),
      )
    }
  })

  it('ties out every account group to the planted actuals, TV, explained and unexplained figures', () => {
    for (const entity of truth.entities) {
      for (const group of entity.groups) {
        const row = result.tieOut.find((r) => r.companyCode === entity.companyCode && r.group === group.key)
        expect(row, `${entity.companyCode} ${group.key}`).toEqual(
          expect.objectContaining({
            actualsLcy: group.actualsLcy,
            tvLcy: group.tvLcy,
            varianceLcy: group.varianceLcy,
            explainedLcy: group.explainedLcy,
            unexplainedLcy: group.unexplainedLcy,
            unexplainedUsd: group.unexplainedUsd,
            status: group.status,
          }),
        )
      }
    }
  })

  it('lists exactly the planted bridge lines, with their amounts', () => {
    const planted = truth.items.filter((item) => item.kind.endsWith('-line'))
    const lines = new Map<string, BridgeLine>(result.bridges.flatMap((bridge) => bridge.lines).map((line) => [line.key, line]))
    expect([...lines.keys()].sort()).toEqual(planted.map((item) => item.key).sort())
    for (const item of planted) expect(lines.get(item.key)?.amountLcy, item.key).toBe(item.amountLcy)
  })

  it('totals each bridge as planted and counts zero-difference timing vouchers without listing them', () => {
    for (const entity of truth.entities) {
      const bridge = (id: string) => result.bridges.find((b) => b.companyCode === entity.companyCode && b.bridge === id)
      expect(bridge('timing')?.totalLcy).toBe(entity.bridges.timing.totalLcy)
      expect(bridge('timing')?.zeroLineCount).toBe(entity.bridges.timing.zeroLines)
      expect(bridge('vtc')?.totalLcy).toBe(entity.bridges.vtc.totalLcy)
      expect(bridge('posting-group')?.lines).toHaveLength(entity.bridges.postingGroup.lines)
      expect(bridge('business-line')?.lines).toHaveLength(entity.bridges.businessLine.lines)
    }
  })

  it('rolls the voucher liability forward bucket by bucket as planted', () => {
    for (const entity of truth.entities) {
      for (const bucket of entity.rollForward) {
        const row = result.rollForward.find(
          (r) => r.companyCode === entity.companyCode && r.category === bucket.category && r.voucherType === bucket.voucherType,
        )
        expect(row, `${entity.companyCode} ${bucket.category} ${bucket.voucherType}`).toEqual(
          expect.objectContaining({ navLcy: bucket.navLcy, bobLcy: bucket.bobLcy, varianceLcy: bucket.varianceLcy }),
        )
      }
    }
  })

  it('lists the planted uncategorized 18412 rows and unclassified collection items', () => {
    for (const entity of truth.entities) {
      expect(result.categorization.uncategorized.filter((row) => row.companyCode === entity.companyCode)).toHaveLength(
        entity.uncategorizedRows,
      )
      expect(
        result.classification.items.filter((item) => item.companyCode === entity.companyCode && item.rule === 'UNCLASSIFIED'),
      ).toHaveLength(entity.unclassifiedItems)
    }
  })

  it('explains every 18412 entry in the evidence: category, voucher type and the rule that matched', async () => {
    const csv = await readFile(join(work, 'out', 'evidence', 'results', 'CR_03-18412-categorized.csv'), 'utf8')
    const [header, ...rows] = csv.trimEnd().split('\n')
    expect(header).toBe(
      'id_company,Entry No_,Posting Date,Document No_,Voucher No_,User ID,Amount,integration_type,category,voucher_type,rule,business_use',
    )
    const counted = result.categorization.counts.reduce((total, count) => total + count.count, 0)
    expect(rows).toHaveLength(counted)
    const uncategorized = rows.filter((row) => row.split(',')[10] === '')
    expect(uncategorized).toHaveLength(result.categorization.uncategorized.length)
  })

  it('ignores rows of companies outside the run', () => {
    expect(result.entities.map((entity) => entity.companyCode).sort()).toEqual(ENTITIES)
    const companies = new Set(
      [...result.tieOut, ...result.bridges, ...result.rollForward, ...result.classification.items].map((row) => row.companyCode),
    )
    expect([...companies].sort()).toEqual(ENTITIES)
  })

  it('writes an evidence package that verifies, and names a file changed by one byte', async () => {
    const intact = await tieout(['verify', join(work, 'out', 'evidence.zip')])
    expect(intact.code, intact.stdout).toBe(0)
    expect(intact.stdout).toContain('VERIFIED')
    const csv = join(work, 'out', 'evidence', 'extracts', 'CR_03.csv')
    const bytes = await readFile(csv)
    bytes[bytes.length - 2] = bytes[bytes.length - 2] === 0x31 ? 0x32 : 0x31
    await writeFile(csv, bytes)
    const tampered = await tieout(['verify', join(work, 'out', 'evidence')])
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toContain('extracts/CR_03.csv')
  })
})

describe('tieout reconcile: bad input', () => {
  it('rejects a malformed period with a usage error naming the expected form', async () => {
    const outcome = await tieout(['reconcile', '--source', 'demo', '--period', '2025/09', '--out', '/tmp/never'])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/--period: period "2025\/09" is not of the form YYYY-MM/)
  })

  it('refuses an unknown entity with exit 2 and the valid entities, before a run is journaled', async () => {
    const work = await tempDir('unknown-entity')
    const outcome = await tieout([
      'reconcile',
      '--source',
      'demo',
      '--period',
      PERIOD,
      '--entities',
      'EC_XX',
      '--scale',
      '0.01',
      '--out',
      join(work, 'out'),
      '--data-dir',
      join(work, 'data'),
    ])
    expect(outcome.code).toBe(2)
    expect(outcome.stderr).toMatch(/--entities: EC_XX is not in the entity master; valid entities: [A-Z]{2}_[A-Z]{2}(, [A-Z]{2}_[A-Z]{2})+/)
    expect(outcome.stderr).toContain('EC_NG')
    expect(outcome.stderr).not.toMatch(/^run /m)
    await expect(readFile(join(work, 'out', 'result.json'))).rejects.toThrow(/ENOENT/)
    await rm(work, { recursive: true, force: true })
  })

  it('refuses a period outside 2000-01 … 2099-12 and a missing files folder with exit 2, before a run is journaled', async () => {
    const work = await tempDir('bad-input')
    const period = await tieout([
      'reconcile',
      '--source',
      'demo',
      '--period',
      '9999-12',
      '--out',
      join(work, 'out'),
      '--data-dir',
      join(work, 'data'),
    ])
    expect(period.code).toBe(2)
    expect(period.stderr).toContain(
      '--period: period "9999-12" is not of the form YYYY-MM with a month from 01 to 12, from 2000-01 to 2099-12',
    )
    const folder = await tieout([
      'reconcile',
      '--source',
      `files:${join(work, 'nowhere')}`,
      '--period',
      PERIOD,
      '--out',
      join(work, 'out'),
      '--data-dir',
      join(work, 'data'),
    ])
    expect(folder.code).toBe(2)
    expect(folder.stderr).toContain(`--source: folder "${join(work, 'nowhere')}" not found`)
    const mssql = await tieout(
      ['reconcile', '--source', 'mssql', '--period', PERIOD, '--out', join(work, 'out'), '--data-dir', join(work, 'data')],
      {
        TIEOUT_MSSQL_SERVER: '',
      },
    )
    expect(mssql.code).toBe(2)
    expect(mssql.stderr).toMatch(/--source mssql: .*TIEOUT_MSSQL_SERVER/)
    // Refused before anything is recorded: not even the state store was started.
    await expect(readFile(join(work, 'data', 'postgres.secret'))).rejects.toThrow(/ENOENT/)
    await rm(work, { recursive: true, force: true })
  })
})
