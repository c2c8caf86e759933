import { describe, expect, it } from 'vitest'
import { findXmlUnsafeText, xmlSafeText } from '../../shared/xml-text.ts'

describe('xmlSafeText', () => {
  it.each([
    ['a\uFFFEb', 'a\uFFFDb'],
    ['a\uFFFFb', 'a\uFFFDb'],
    ['lone high \uD800 end', 'lone high \uFFFD end'],
    ['lone low \uDC00 end', 'lone low \uFFFD end'],
    ['reversed \uDC00\uD800', 'reversed \uFFFD\uFFFD'],
    ['bell \u0007 and null \u0000', 'bell \uFFFD and null \uFFFD'],
  ])('replaces what XML cannot hold in %j', (input, expected) => {
    expect(xmlSafeText(input)).toBe(expected)
  })

  it('keeps tabs, line breaks, accents, emoji (a surrogate pair) and U+FFFD itself', () => {
    const text = 'Côte d’Ivoire\t1\r\n😀 \uFFFD'
    expect(xmlSafeText(text)).toBe(text)
  })
})

describe('findXmlUnsafeText', () => {
  it('counts the strings and names where the first ones are', () => {
    const found = findXmlUnsafeText({ entities: [{ name: 'ok' }, { name: 'x\uFFFF' }], bridges: [{ lines: ['\uD800', 'fine'] }] })
    expect(found).toEqual({ count: 2, paths: ['entities[1].name', 'bridges[0].lines[0]'] })
  })
})
