import type { DemoContext, EntityContext } from '../context.ts'

/** Money as a source emits it: a number with at most two decimals (exact for any cents < 2^53). */
export function money(cents: number): number {
  return cents / 100
}

/** Entities whose rows an extract carries: requested ones, then the out-of-scope noise. */
export function rowEntities(ctx: DemoContext): readonly EntityContext[] {
  return ctx.entities
}

export function flag(value: boolean): number {
  return value ? 1 : 0
}

/** Zero-padded decimal text, for document and order numbers. */
export function padded(value: number, width: number): string {
  return String(value).padStart(width, '0')
}
