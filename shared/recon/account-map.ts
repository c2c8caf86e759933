import {
  arrayAt,
  at,
  badConfig,
  configDocument,
  configRoot,
  integerAt,
  objectAt,
  textAt,
  textListAt,
  type ConfigPlace,
} from '../config-json.ts'
import { EXTRACTS, isExtractId } from '../extracts/catalog.ts'
import type { ExtractId } from '../extracts/schema.ts'
import type { Ipe08Row } from '../extracts/rows.ts'
import { BRIDGE_IDS } from '../api/result-schema.ts'
import type { BridgeId } from '../result/types.ts'
import { isNonMarketing, textEquals } from './vouchers.ts'

/**
 * The account map (methodology §4): per account group its GL accounts, how its target value (TV) is
 * built from an extract, and the sign applied to actuals; per bridge the group it explains.
 * Read from `config/account-map.json`, which is data: accounts, extracts and columns are edited
 * there, not here. Only row filters are code, chosen by name.
 */
export type TvRow = Readonly<Record<string, unknown>>

/** A TV: Σ of `fields` (typed row properties of `columns`) over the extract's rows that pass `filter`. */
export type TvDefinition = {
  readonly extract: ExtractId
  readonly columns: readonly string[]
  readonly fields: readonly string[]
  readonly filter: TvFilterName | null
}

export type AccountGroup = {
  readonly key: string
  readonly title: string
  readonly glAccounts: readonly string[]
  readonly sign: 1 | -1
  readonly tv: TvDefinition
}

/** `sign` multiplies the bridge total in the group's `explained`; 0 = shown, not netted. */
export type BridgeAttribution = { readonly bridge: BridgeId; readonly group: string; readonly sign: -1 | 0 | 1 }

export type AccountMap = { readonly groups: readonly AccountGroup[]; readonly bridges: readonly BridgeAttribution[] }

type TvFilter = { readonly extract: ExtractId; readonly accepts: (row: TvRow) => boolean }

/** Voucher TV at closing (methodology §4, §11): non-marketing, `is_active` true, `Is_Valid` = valid. */
function isOpenVoucher(row: Ipe08Row): boolean {
  return row.isActive === true && textEquals(row.isValid, 'valid') && isNonMarketing(row.businessUse)
}

const TV_FILTERS = {
  'non-marketing-active-valid': { extract: 'IPE_08', accepts: (row: TvRow) => isOpenVoucher(row as Ipe08Row) },
} as const satisfies Record<string, TvFilter>

export type TvFilterName = keyof typeof TV_FILTERS

export { BRIDGE_IDS }

const GROUP_KEY = { regex: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, form: 'a kebab-case key (customer-ar)' }

export function parseAccountMap(json: unknown, file: string): AccountMap {
  const document = configDocument(json, file, ['groups', 'bridges'])
  const root = configRoot(file)
  const groups = arrayAt(document.groups, at(root, 'groups')).map((group, index) => parseGroup(group, at(at(root, 'groups'), index)))
  if (groups.length === 0) throw badConfig(at(root, 'groups'), 'expected at least one account group')
  checkDistinct(groups, at(root, 'groups'))
  const bridgePlace = at(root, 'bridges')
  const bridges = arrayAt(document.bridges, bridgePlace).map((bridge, index) => parseBridge(bridge, at(bridgePlace, index), groups))
  for (const bridge of BRIDGE_IDS) {
    const count = bridges.filter((entry) => entry.bridge === bridge).length
    if (count !== 1) throw badConfig(bridgePlace, `bridge "${bridge}" must be attributed to exactly one group (found ${count})`)
  }
  return { groups, bridges }
}

function parseGroup(value: unknown, place: ConfigPlace): AccountGroup {
  const group = objectAt(value, place, ['key', 'title', 'glAccounts', 'sign', 'tv'])
  const sign = group.sign
  if (sign !== 1 && sign !== -1) throw badConfig(at(place, 'sign'), 'expected 1 or -1')
  return {
    key: textAt(group.key, at(place, 'key'), GROUP_KEY),
    title: textAt(group.title, at(place, 'title')),
    glAccounts: textListAt(group.glAccounts, at(place, 'glAccounts'), { nonEmpty: true }),
    sign,
    tv: parseTv(group.tv, at(place, 'tv')),
  }
}

function parseTv(value: unknown, place: ConfigPlace): TvDefinition {
  const tv = objectAt(value, place, ['extract', 'columns', 'filter'])
  const extract = textAt(tv.extract, at(place, 'extract'))
  if (!isExtractId(extract)) throw badConfig(at(place, 'extract'), `unknown extract "${extract}"`)
  const columns = textListAt(tv.columns, at(place, 'columns'), { nonEmpty: true })
  const fields = columns.map((column, index) => moneyField(extract, column, at(at(place, 'columns'), index)))
  return { extract, columns, fields, filter: parseFilter(tv.filter, extract, at(place, 'filter')) }
}

function moneyField(extract: ExtractId, column: string, place: ConfigPlace): string {
  const def = EXTRACTS[extract].columns.find((candidate) => candidate.name === column)
  if (!def) throw badConfig(place, `${extract} has no column "${column}"`)
  if (!('field' in def) || def.kind !== 'money')
    throw badConfig(place, `${extract} column "${column}" is not an amount the reconciliation reads`)
  return def.field
}

function parseFilter(value: unknown, extract: ExtractId, place: ConfigPlace): TvFilterName | null {
  if (value === undefined || value === null) return null
  const name = textAt(value, place)
  if (!Object.hasOwn(TV_FILTERS, name)) throw badConfig(place, `unknown filter (known: ${Object.keys(TV_FILTERS).join(', ')})`)
  const filter = TV_FILTERS[name as TvFilterName]
  if (filter.extract !== extract) throw badConfig(place, `filter "${name}" applies to ${filter.extract}, not ${extract}`)
  return name as TvFilterName
}

/** Group keys are unique and no GL account sits in two groups (its balance would count twice). */
function checkDistinct(groups: readonly AccountGroup[], place: ConfigPlace): void {
  const keys = new Set<string>()
  const accounts = new Map<string, string>()
  groups.forEach((group, index) => {
    if (keys.has(group.key)) throw badConfig(at(at(place, index), 'key'), `group "${group.key}" is defined twice`)
    keys.add(group.key)
    for (const account of group.glAccounts) {
      const owner = accounts.get(account)
      if (owner !== undefined) throw badConfig(at(at(place, index), 'glAccounts'), `account ${account} is already in group "${owner}"`)
      accounts.set(account, group.key)
    }
  })
}

function parseBridge(value: unknown, place: ConfigPlace, groups: readonly AccountGroup[]): BridgeAttribution {
  const entry = objectAt(value, place, ['bridge', 'group', 'sign'])
  const bridge = textAt(entry.bridge, at(place, 'bridge'))
  if (!(BRIDGE_IDS as readonly string[]).includes(bridge))
    throw badConfig(at(place, 'bridge'), `unknown bridge (known: ${BRIDGE_IDS.join(', ')})`)
  const group = textAt(entry.group, at(place, 'group'))
  if (!groups.some((candidate) => candidate.key === group)) throw badConfig(at(place, 'group'), `no account group "${group}"`)
  const sign = integerAt(entry.sign, at(place, 'sign'), -1)
  if (sign > 1) throw badConfig(at(place, 'sign'), 'expected -1, 0 or 1')
  return { bridge: bridge as BridgeId, group, sign: sign as -1 | 0 | 1 }
}

/** The run's GL accounts (CR_03 and CR_04 parameters), sorted. */
export function allAccounts(map: AccountMap): string[] {
  return [...new Set(map.groups.flatMap((group) => group.glAccounts))].sort()
}

/** Extracts that supply a TV, in the map's order. */
export function tvExtracts(map: AccountMap): ExtractId[] {
  return [...new Set(map.groups.map((group) => group.tv.extract))]
}

export function accountGroup(map: AccountMap, key: string): AccountGroup | undefined {
  return map.groups.find((group) => group.key === key)
}

/** The group a bridge explains and its sign; `parseAccountMap` guarantees every bridge has one. */
export function bridgeAttribution(map: AccountMap, bridge: BridgeId): BridgeAttribution {
  const found = map.bridges.find((entry) => entry.bridge === bridge)
  if (!found) throw badConfig(configRoot('account map'), `bridge "${bridge}" is not attributed to a group`)
  return found
}

/** Does this row count towards the group's TV (its filter, if any)? */
export function countsForTv(tv: TvDefinition, row: TvRow): boolean {
  return tv.filter === null || TV_FILTERS[tv.filter].accepts(row)
}
