import type { DemoContext } from '../context.ts'
import { closingRate, DEMO_ENTITIES, type DemoEntity } from '../master/entities.ts'
import { flag } from './common.ts'

/**
 * CR_05: a closing rate of N for every company of the master (the query's driver is
 * `Dim_Company`), plus the rate of N−1 for every company, which a run must not use (methodology §11).
 */
export function* fxRateRows(ctx: DemoContext): Generator<unknown[]> {
  const month = ctx.calendar.monthN
  for (const e of DEMO_ENTITIES) yield rateRow(e, month)
  for (const e of DEMO_ENTITIES) yield rateRow(e, month - 1)
}

function rateRow(e: DemoEntity, month: number): unknown[] {
  const year = Math.floor(month / 12)
  return [e.code, e.name, 'Opco', e.country, flag(e.isActive), 'Closing', year, (month % 12) + 1, closingRate(e, month), e.countryName]
}
