import { parseCents } from '../../shared/money.ts'
import type { BridgeId, BridgeLine, BridgeResult } from '../../shared/result/types.ts'
import { decimalOf, threshold, usd } from './result-fixture-base.ts'

export function makeBridgeLine(o: Partial<BridgeLine> = {}): BridgeLine {
  const bridge = o.bridge ?? 'timing'
  const companyCode = o.companyCode ?? 'EC_NG'
  const businessKey = o.businessKey ?? 'V-NG-0001'
  const amountLcy = o.amountLcy ?? '1200000.00'
  const amountUsd = o.amountUsd === undefined ? usd(companyCode, parseCents(amountLcy) ?? 0) : o.amountUsd
  const material = amountUsd === null || Math.abs(Number(amountUsd)) >= 500
  return {
    key: `${bridge}|${companyCode}|${businessKey}`,
    bridge,
    companyCode,
    businessKey,
    description: `Voucher ${businessKey} shows usage in Jdash not yet booked in IPE_08.`,
    amountLcy,
    amountUsd,
    material,
    detail: {},
    ...o,
  }
}

const BRIDGE_TITLES: Record<BridgeId, [string, string, number]> = {
  timing: ['Timing difference', 'voucher-liability', 1],
  vtc: ['VTC adjustment', 'voucher-liability', 1],
  'posting-group': ['Customer posting group', 'customer-ar', 0],
  'business-line': ['Business-line reclass', 'customer-ar', 0],
}

export function makeBridgeResult(o: Partial<BridgeResult> = {}): BridgeResult {
  const bridge = o.bridge ?? 'timing'
  const companyCode = o.companyCode ?? 'EC_NG'
  const lines = o.lines ?? []
  const total = lines.reduce((sum, line) => sum + (parseCents(line.amountLcy) ?? 0), 0)
  const [title, group, sign] = BRIDGE_TITLES[bridge]
  return {
    bridge,
    title,
    companyCode,
    group,
    sign,
    totalLcy: decimalOf(total),
    totalUsd: usd(companyCode, total),
    lines,
    zeroLineCount: 0,
    lineThreshold: threshold('LINE_ITEM_USD'),
    diagnostics: [],
    ...o,
  }
}

/** Lines of every bridge: EC_NG with a diagnostic and zero lines, JD_GH without a rate. */
export function sampleBridges(): BridgeResult[] {
  const line = (o: Partial<BridgeLine>): BridgeLine => makeBridgeLine(o)
  return [
    makeBridgeResult({
      lines: [
        line({
          businessKey: 'V-NG-0001',
          amountLcy: '1200000.00',
          detail: { voucherId: 'v-ng-0001', businessUse: 'refund', ipe08AmountUsed: '300000.00', jdashAmountUsed: '1500000.00' },
        }),
        line({
          businessKey: 'V-NG-0002',
          amountLcy: '750000.00',
          detail: { voucherId: 'V-NG-0002', businessUse: 'store_credit', ipe08AmountUsed: '0.00', jdashAmountUsed: '750000.00' },
        }),
      ],
      zeroLineCount: 12,
      diagnostics: [{ label: 'Jdash vouchers not among in-scope vouchers', count: 3, amountLcy: '45000.00' }],
    }),
    makeBridgeResult({
      bridge: 'vtc',
      lines: [
        line({
          bridge: 'vtc',
          businessKey: 'V-NG-0101',
          amountLcy: '845500.00',
          description: 'Refund voucher V-NG-0101 became inactive on 2025-09-14 with 845,500.00 remaining: a cash refund to book.',
          detail: { voucherId: 'V-NG-0101', isValid: 'valid', inactiveDate: '2025-09-14T10:02:11', remainingAmount: '845500.00' },
        }),
      ],
    }),
    makeBridgeResult({
      bridge: 'posting-group',
      lines: [
        line({
          bridge: 'posting-group',
          businessKey: 'C-000123',
          amountLcy: '0.00',
          description: 'Customer C-000123 has open entries under 2 posting groups (DOMESTIC, EMPLOYEE).',
          detail: { customerNo: 'C-000123', openBalance: '48250.00', postingGroups: 'DOMESTIC, EMPLOYEE', postingGroupCount: 2 },
        }),
      ],
    }),
    makeBridgeResult({
      bridge: 'business-line',
      lines: [
        line({
          bridge: 'business-line',
          businessKey: 'C-000456|JMALL',
          amountLcy: '0.00',
          description: 'Primary business line JMALL of customer C-000456 keeps its balance.',
          detail: { customerNo: 'C-000456', businessLine: 'JMALL', balance: '310000.00', primary: true },
        }),
        line({
          bridge: 'business-line',
          businessKey: 'C-000456|FOOD',
          amountLcy: '125000.00',
          description: 'Move 125,000.00 of customer C-000456 from FOOD to primary line JMALL.',
          detail: { customerNo: 'C-000456', businessLine: 'FOOD', balance: '125000.00', primary: false },
        }),
      ],
    }),
    makeBridgeResult({
      companyCode: 'JD_GH',
      lines: [
        line({
          companyCode: 'JD_GH',
          businessKey: 'V-GH-0001',
          amountLcy: '3200.00',
          detail: { voucherId: 'V-GH-0001', businessUse: 'jforce', ipe08AmountUsed: null, jdashAmountUsed: '3200.00' },
        }),
      ],
    }),
    makeBridgeResult({ companyCode: 'JD_GH', bridge: 'vtc', zeroLineCount: 0 }),
    makeBridgeResult({ companyCode: 'JD_GH', bridge: 'posting-group' }),
    makeBridgeResult({ companyCode: 'JD_GH', bridge: 'business-line' }),
  ]
}
