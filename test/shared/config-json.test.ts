import { describe, expect, it } from 'vitest'
import { at, configDocument, configRoot, textListAt } from '../../shared/config-json.ts'

describe('configuration readers', () => {
  it('name the file and the field path of a bad value', () => {
    const place = at(at(at(configRoot('EG.json'), 'rules'), 3), 'valueUsd')
    expect(() => textListAt('x', place)).toThrow(
      expect.objectContaining({
        code: 'TIEOUT_ERR_BAD_CONFIG',
        params: { file: 'EG.json', detail: 'rules[3].valueUsd: expected a list, found "x"' },
      }),
    )
  })

  it('require "version": 1', () => {
    expect(() => configDocument({ rules: [] }, 'a.json', ['rules'])).toThrow(/version: expected 1, found undefined/)
  })

  it('reject unknown top-level keys', () => {
    expect(() => configDocument({ version: 1, rulez: [] }, 'a.json', ['rules'])).toThrow(
      /rulez: unknown key \(allowed: version, description, rules\)/,
    )
  })

  it('reject a document that is not an object', () => {
    expect(() => configDocument([], 'a.json', [])).toThrow(/configuration a\.json: expected an object, found a list/)
  })
})
