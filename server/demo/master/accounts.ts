/** NAV group chart of accounts used by the demo: names and IFRS levels for CR_03 and CR_04. */
export type AccountInfo = {
  readonly no: string
  readonly name: string
  readonly level1: string
  readonly level2: string
  readonly level3: string
}

function account(no: string, name: string, level1: string, level2: string, level3: string): AccountInfo {
  return { no, name, level1, level2, level3 }
}

const ASSETS = 'Assets'
const LIABILITIES = 'Liabilities'
const CURRENT_ASSETS = 'Current assets'
const CURRENT_LIABILITIES = 'Current liabilities'

export const ACCOUNTS: Readonly<Record<string, AccountInfo>> = {
  '13001': account('13001', 'Collection partners receivable', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13002': account('13002', 'Collection partners receivable - other', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13003': account('13003', 'Customer AR - Trade', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13004': account('13004', 'Customer AR - Other', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13005': account('13005', 'Packages delivered not reconciled', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13009': account('13009', 'Customer AR - Allowance for doubtful accounts', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '13024': account('13024', 'Packages not reconciled - other', ASSETS, CURRENT_ASSETS, 'Trade receivables'),
  '18304': account('18304', 'Marketplace accrued revenues', LIABILITIES, CURRENT_LIABILITIES, 'Other current liabilities'),
  '18317': account('18317', 'Marketplace refund liability', LIABILITIES, CURRENT_LIABILITIES, 'Other current liabilities'),
  '18350': account('18350', 'Customer prepayments', LIABILITIES, CURRENT_LIABILITIES, 'Contract liabilities'),
  '18412': account('18412', 'Voucher liabilities', LIABILITIES, CURRENT_LIABILITIES, 'Contract liabilities'),
  '18397': account('18397', 'Prepayments received - other', LIABILITIES, CURRENT_LIABILITIES, 'Contract liabilities'),
  '18650': account('18650', 'Accrued expenses - other', LIABILITIES, CURRENT_LIABILITIES, 'Other current liabilities'),
}

export function accountInfo(no: string): AccountInfo {
  return ACCOUNTS[no] ?? account(no, `Account ${no}`, ASSETS, CURRENT_ASSETS, 'Other')
}
