import type { ExtractId } from '../../shared/extracts/schema.ts'
import { decimalOf } from './result-fixture-base.ts'
import type { CategorizationResult, ClassificationResult, ClassifiedItem, ExtractRecord, QualityReport } from '../../shared/result/types.ts'

type Usd = (companyCode: string, lcy: number) => string | null

const RULES: Record<string, [string, string[], string[]]> = {
  CASH_DEPOSITS: ['Cash deposits', ['100XX'], ['13011', '13012', '10590']],
  SALES_DELIVERIES: ['Sales deliveries', ['13005'], ['300XX']],
  REFUNDS: ['Refunds', ['100XX', '18412'], ['13005', '18317']],
  PREPAYMENTS: ['Prepayments', ['13012', '13030'], ['18350']],
  JFORCE_PAYOUTS: ['JForce payouts', ['18307'], ['18412']],
  UNCLASSIFIED: ['Unclassified', [], []],
}

const ITEMS: [string, string, string, string | null, number][] = [
  ['EC_NG', 'CASH_DEPOSITS', 'Paystack', 'Payment', 2_450_000_00],
  ['EC_NG', 'SALES_DELIVERIES', 'GIG Logistics', 'Delivery', 1_830_500_50],
  ['EC_NG', 'REFUNDS', 'Paystack', 'Refund', -45_000_00],
  ['EC_NG', 'PREPAYMENTS', 'Flutterwave', null, 320_000_00],
  ['EC_NG', 'UNCLASSIFIED', 'Flutterwave', 'Chargeback', 12_500_00],
  ['JD_GH', 'JFORCE_PAYOUTS', 'MTN MoMo', 'JForce Payout', 8_400_00],
  ['JD_GH', 'UNCLASSIFIED', 'MTN MoMo', 'Adjustment', 150_00],
]

/** One IPE_31 item per rule, an UNCLASSIFIED item per entity, and the catalog findings of methodology §7. */
export function makeClassification(usd: Usd): ClassificationResult {
  const items: ClassifiedItem[] = ITEMS.map(([companyCode, rule, cp, transactionType, amount], i) => {
    const [ruleTitle, drAccounts, crAccounts] = RULES[rule] ?? ['', [], []]
    return {
      key: `IPE_31|${companyCode}|OI-${String(i + 1).padStart(5, '0')}`,
      companyCode,
      eventDate: `2025-09-${String(10 + i).padStart(2, '0')}`,
      cp,
      transactionType,
      relatedEntity: companyCode,
      amountLcy: decimalOf(amount),
      amountUsd: usd(companyCode, amount),
      rule,
      ruleTitle,
      drAccounts,
      crAccounts,
    }
  })
  const summary = ITEMS.map(([companyCode, rule, , , amount]) => ({
    companyCode,
    rule,
    count: 1,
    amountLcy: decimalOf(amount),
    amountUsd: usd(companyCode, amount),
  }))
  return {
    items,
    summary,
    catalogFindings: [
      { rule: 'PAYMENT_RECONCILES', kind: 'unreachable', detail: 'CASH_DEPOSITS (rank 1) matches every Transaction_Type it accepts' },
      { rule: 'PREPAID_DELIVERIES', kind: 'unreachable', detail: 'PREPAYMENTS (rank 2) matches every IS_PREPAYMENT it accepts' },
      { rule: 'JFORCE_PAYOUTS', kind: 'partly-unreachable', detail: 'Transaction_Type "Payment" is taken by CASH_DEPOSITS (rank 1)' },
    ],
  }
}

export function makeCategorization(): CategorizationResult {
  return {
    counts: [
      { companyCode: 'EC_NG', category: 'Issuance', voucherType: 'Refund', rule: 2, count: 412, amountLcy: '-12000000.00' },
      { companyCode: 'EC_NG', category: 'Usage', voucherType: 'Refund', rule: 3, count: 1260, amountLcy: '8000000.00' },
      { companyCode: 'EC_NG', category: null, voucherType: null, rule: null, count: 2, amountLcy: '18250.00' },
      { companyCode: 'JD_GH', category: 'Usage', voucherType: 'JForce', rule: 3, count: 37, amountLcy: '25000.00' },
    ],
    uncategorized: [
      {
        companyCode: 'EC_NG',
        entryNo: 884211,
        documentNo: 'MAN-0042',
        postingDate: '2025-09-12',
        description: '=HYPERLINK("x") manual fix',
        userId: 'JUMIA\\A.BELLO',
        amountLcy: '18250.00',
      },
      {
        companyCode: 'EC_NG',
        entryNo: 884377,
        documentNo: 'GJ-0913',
        postingDate: '2025-09-13',
        description: 'Zero adjustment',
        userId: 'JUMIA\\A.BELLO',
        amountLcy: '0.00',
      },
    ],
    otherAccountRows: 340,
    unmappedBusinessUses: [{ companyCode: 'EC_NG', businessUse: 'marketing_promo', count: 4 }],
    vouchersNotFound: [{ companyCode: 'EC_NG', voucherNo: 'V-NG-9999', count: 1 }],
  }
}

const EXTRACT_ROWS: [ExtractId, number][] = [
  ['ENTITIES', 9],
  ['CR_03', 4210],
  ['CR_04', 38],
  ['CR_05', 9],
  ['IPE_07', 1520],
  ['IPE_08', 2230],
  ['IPE_08_USAGE', 3100],
  ['IPE_10', 410],
  ['IPE_11', 220],
  ['IPE_12', 640],
  ['IPE_31', 7],
  ['IPE_34', 55],
  ['JDASH', 1800],
]

export function makeExtracts(sha: (label: string) => string): ExtractRecord[] {
  return EXTRACT_ROWS.map(([extract, rows]) => ({ extract, rows, sha256: sha(extract), file: `extracts/${extract}.csv` }))
}

export function makeQuality(): QualityReport[] {
  return EXTRACT_ROWS.map(([extract, rows]) => ({
    extract,
    file: `extracts/${extract}.csv`,
    rows,
    passed: true,
    issues:
      extract === 'IPE_31'
        ? [{ check: 'key-uniqueness', severity: 'warning', message: 'duplicate key in IPE_31', column: 'ID', rows: [4, 6] }]
        : [],
  }))
}
