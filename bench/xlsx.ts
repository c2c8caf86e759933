/**
 * xlsx export of a 100,000-line Bridges sheet (target < 10 s, streaming writer). Prints seconds
 * and peak RSS: `npx tsx bench/xlsx.ts [lines]`.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BridgeLine } from '../shared/result/types.ts'
import { buildWorkbook } from '../shared/sheets/build.ts'
import { writeWorkbookXlsx } from '../server/export/xlsx.ts'
import { makeBridgeLine, makeBridgeResult, makeRunResult } from '../test/support/result-fixture.ts'

function lines(count: number): BridgeLine[] {
  const result: BridgeLine[] = []
  for (let i = 0; i < count; i++) {
    const id = `V-NG-${String(i).padStart(7, '0')}`
    const used = (i % 9_000) * 100 + 25
    result.push(
      makeBridgeLine({
        businessKey: id,
        amountLcy: `${used}.50`,
        description: `Voucher ${id} (refund) shows usage of ${used}.50 in Jdash against 0.00 booked in IPE_08, a timing difference of ${used}.50.`,
        detail: {
          voucherId: id,
          businessUse: 'refund',
          createdAt: '2025-08-14T10:00:00',
          ipe08AmountUsed: '0.00',
          jdashAmountUsed: `${used}.50`,
        },
      }),
    )
  }
  return result
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000)
  const result = makeRunResult({ bridges: [makeBridgeResult({ lines: lines(count) })] })
  const dir = await mkdtemp(join(tmpdir(), 'tieout-bench-'))
  try {
    const started = process.hrtime.bigint()
    const model = buildWorkbook(result, new Map())
    const built = process.hrtime.bigint()
    const modelRssMb = (process.memoryUsage().rss / 1e6).toFixed(0)
    const { bytes } = await writeWorkbookXlsx(model, join(dir, 'bench.xlsx'))
    const written = process.hrtime.bigint()
    const seconds = (from: bigint, to: bigint): string => (Number(to - from) / 1e9).toFixed(2)
    const peakMb = (process.resourceUsage().maxRSS / 1024).toFixed(0)
    console.log(
      `xlsx export, ${count} bridge lines: model ${seconds(started, built)} s, write ${seconds(built, written)} s, ` +
        `total ${seconds(started, written)} s, ${(bytes / 1e6).toFixed(1)} MB; RSS with result and model ${modelRssMb} MB, peak RSS ${peakMb} MB`,
    )
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

await main()
