import { accountInfo } from '../master/accounts.ts'
import type { DemoCalendar } from '../calendar.ts'
import type { EntityContext } from '../context.ts'
import { INTEGRATION_USER, INTEGRATION_USER_VARIANT } from '../master/entities.ts'
import { money } from './common.ts'

/**
 * A CR_03 G/L entry before it becomes a row: one mutable draft per generator, filled per entry,
 * so the hot loop allocates nothing but the row array and its texts.
 */
export type NavDraft = {
  entryNo: number
  documentNo: string
  externalDocumentNo: string | null
  voucherNo: string | null
  day: number
  second: number
  documentType: string | null
  account: string
  description: string
  amount: number
  busline: string
  balAccountType: string
  balAccountNo: string | null
  balAccountName: string | null
  sourceCode: string
  user: string
  sourceType: string | null
  sourceNo: string | null
  comment: string | null
}

export function createNavDraft(): NavDraft {
  return {
    entryNo: 0,
    documentNo: '',
    externalDocumentNo: null,
    voucherNo: null,
    day: 0,
    second: 0,
    documentType: null,
    account: '18412',
    description: '',
    amount: 0,
    busline: 'RETAIL',
    balAccountType: 'G/L Account',
    balAccountNo: null,
    balAccountName: null,
    sourceCode: 'GENJNL',
    user: INTEGRATION_USER,
    sourceType: null,
    sourceNo: null,
    comment: null,
  }
}

/** The integration user as NAV writes it, one entry in ten in the lower-case backslash form. */
export function integrationUser(salt: number): string {
  return salt % 10 === 3 ? INTEGRATION_USER_VARIANT : INTEGRATION_USER
}

export function isIntegration(user: string): boolean {
  return user === INTEGRATION_USER || user === INTEGRATION_USER_VARIANT
}

export function navRow(cal: DemoCalendar, ec: EntityContext, d: NavDraft): unknown[] {
  const info = accountInfo(d.account)
  const date = cal.date(d.day)
  const integration = isIntegration(d.user)
  return [
    ec.entity.code,
    ec.entity.country,
    ec.entity.inConsoScope ? 1 : 0,
    'Opco',
    d.entryNo,
    d.documentNo,
    d.externalDocumentNo,
    d.voucherNo,
    date,
    date,
    d.documentType,
    d.account,
    info.name,
    d.account,
    info.name,
    d.description,
    money(d.amount),
    money(d.amount),
    d.busline,
    integration ? 'OPS' : 'FIN',
    d.balAccountType,
    d.balAccountNo,
    d.balAccountName,
    null,
    d.sourceCode,
    0,
    d.user,
    cal.dateTime(d.day, d.second),
    ec.entity.country,
    null,
    integration ? 1 : 0,
    d.sourceType,
    d.sourceNo,
    null,
    null,
    null,
    date.slice(0, 4) + date.slice(5, 7),
    info.level1,
    info.level2,
    info.level3,
    'Other',
    d.comment,
  ]
}
