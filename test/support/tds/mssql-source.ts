import { afterEach } from 'vitest'
import type { MssqlConfig } from '../../../server/sources/mssql-config.ts'
import { createMssqlSource, type MssqlSource, type MssqlSourceOptions } from '../../../server/sources/mssql.ts'
import { startTdsDouble, type TdsDouble, type TdsDoubleOptions } from './index.ts'

export type MssqlSourceSetUp = (
  options?: TdsDoubleOptions,
  config?: Partial<MssqlConfig>,
  sourceOptions?: MssqlSourceOptions,
) => Promise<{ double: TdsDouble; source: MssqlSource }>

/**
 * For a test file: a function that starts a TDS double and an mssql source connected to it; both
 * are closed after each test. `defaults` apply to every double (e.g. its scale).
 */
export function mssqlSourceSetUp(defaults: TdsDoubleOptions = {}): MssqlSourceSetUp {
  let double: TdsDouble | null = null
  let source: MssqlSource | null = null
  afterEach(async () => {
    await source?.close()
    await double?.close()
    source = null
    double = null
  })
  return async (options = {}, config = {}, sourceOptions = {}) => {
    double = await startTdsDouble({ ...defaults, ...options })
    source = createMssqlSource(double.mssqlConfig(config), sourceOptions)
    return { double, source }
  }
}
