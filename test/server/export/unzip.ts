import yauzl from 'yauzl'

/** The text of one part of an .xlsx (a zip), streamed through `onText` chunk by chunk. */
export function readPart(file: string, part: string, onText: (chunk: string) => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error !== null || zip === undefined) return reject(error ?? new Error('cannot open zip'))
      let found = false
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.replace(/^\//, '') !== part) return zip.readEntry()
        found = true
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError !== null || stream === undefined) return reject(streamError ?? new Error('no stream'))
          stream.setEncoding('utf8')
          stream.on('data', (chunk: string) => onText(chunk))
          stream.on('end', () => zip.readEntry())
          stream.on('error', reject)
        })
      })
      zip.on('end', () => resolve(found))
      zip.on('error', reject)
      zip.readEntry()
    })
  })
}

export async function partText(file: string, part: string): Promise<string> {
  let text = ''
  const found = await readPart(file, part, (chunk) => (text += chunk))
  if (!found) throw new Error(`no part ${part} in ${file}`)
  return text
}
