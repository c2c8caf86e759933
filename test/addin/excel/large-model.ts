import { column, KEY_COLUMN } from '../../../shared/sheets/columns.ts'
import type { Sheet, SheetRow, WorkbookModel } from '../../../shared/sheets/model.ts'
import { REVIEW_COLUMNS } from '../../../shared/sheets/review.ts'

const BRIDGE_COLUMNS = [
  column('bridge', 'Bridge', 'text', 24),
  column('entity', 'Entity', 'text', 10),
  column('businessKey', 'Business key', 'id', 24),
  column('description', 'Description', 'text', 70),
  column('amountLcy', 'Amount LCY', 'money', 16),
  column('amountUsd', 'Amount USD', 'money', 16),
  column('material', 'Material', 'text', 9),
  ...REVIEW_COLUMNS,
  KEY_COLUMN,
]

/** A Bridges sheet of `count` timing lines, 12 columns, shaped like the demo's. */
export function largeBridges(count: number): WorkbookModel {
  const rows: SheetRow[] = []
  for (let i = 0; i < count; i++) {
    const voucher = `V-NG-${String(i).padStart(7, '0')}`
    const key = `timing|EC_NG|${voucher}`
    const amount = ((i * 7919) % 5_000_000) / 100
    rows.push({
      key,
      style: 'normal',
      cells: [
        'Timing difference',
        'EC_NG',
        voucher,
        `Voucher ${voucher} shows usage in Jdash not yet in IPE_08.`,
        amount,
        Math.round(amount / 15.3025) / 100,
        amount >= 765_125 ? 'Yes' : 'No',
        'Open',
        null,
        null,
        null,
        key,
      ],
    })
  }
  const print = { scope: 'Entities: EC_NG', period: 'C-PG-1 2025-09', runId: 'Run run-large' }
  const sheet: Sheet = { name: 'Bridges', preamble: ['Bridges', 'Period: 2025-09'], print, columns: BRIDGE_COLUMNS, rows, protected: true }
  return { runId: 'run-large', period: '2025-09', sheets: [sheet] }
}
