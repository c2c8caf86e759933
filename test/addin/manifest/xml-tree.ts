/**
 * A minimal XML reader for the manifest test (Node has no DOMParser): elements, attributes, text;
 * it rejects mismatched or unclosed tags, duplicate attributes and stray `<`/`&`, which is the
 * well-formedness Office checks before anything else.
 */
export type XmlElement = {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  readonly children: XmlElement[]
  text: string
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const TOKEN = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*"[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g
const ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*"([^"<]*)"/g

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);|&/gi, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error('bare & in XML text')
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16))
    if (entity.startsWith('#')) return String.fromCodePoint(Number(entity.slice(1)))
    const value = ENTITIES[entity]
    if (value === undefined) throw new Error(`unknown entity ${match}`)
    return value
  })
}

function attributesOf(source: string): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (const [, name = '', value = ''] of source.matchAll(ATTRIBUTE)) {
    if (name in attributes) throw new Error(`duplicate attribute ${name}`)
    attributes[name] = decode(value)
  }
  return attributes
}

export function parseXml(xml: string): XmlElement {
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  for (const match of xml.matchAll(TOKEN)) {
    const [token, closing, name, attributes = '', selfClosing, text, stray] = match
    if (stray !== undefined) throw new Error(`malformed tag near offset ${match.index}`)
    if (text !== undefined) {
      const parent = stack.at(-1)
      if (parent) parent.text += decode(text)
      else if (text.trim() !== '') throw new Error('text outside the root element')
      continue
    }
    if (name === undefined) continue
    if (closing) {
      const open = stack.pop()
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`)
      continue
    }
    const element: XmlElement = { name, attributes: attributesOf(attributes), children: [], text: '' }
    const parent = stack.at(-1)
    if (parent) parent.children.push(element)
    else if (root === null) root = element
    else throw new Error('a second root element')
    if (!selfClosing) stack.push(element)
    void token
  }
  if (stack.length > 0) throw new Error(`<${stack.at(-1)?.name}> is never closed`)
  if (root === null) throw new Error('no root element')
  return root
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name)
}

export function child(element: XmlElement, name: string): XmlElement {
  const found = children(element, name)
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}>`)
  return found[0] as XmlElement
}

export function descendants(element: XmlElement): XmlElement[] {
  return element.children.flatMap((c) => [c, ...descendants(c)])
}
