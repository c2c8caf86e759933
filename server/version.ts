import { readFileSync } from 'node:fs'

/** The product version recorded in every result and evidence package. */
export const PRODUCT_VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version
