import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { deflateSync } from 'node:zlib'
import { ICON_SIZES } from '../manifest/manifest-xml.ts'

/**
 * Draws the ribbon and store icons (a white tick on a navy tile) into addin/public/assets as PNG,
 * with no image library: 4×4 supersampled coverage, encoded by hand.
 *   tsx addin/scripts/make-icons.ts
 */
type Rgb = readonly [number, number, number]

const NAVY: Rgb = [0x1f, 0x38, 0x64]
const WHITE: Rgb = [0xff, 0xff, 0xff]
const TICK: readonly (readonly [number, number])[] = [
  [0.24, 0.53],
  [0.42, 0.71],
  [0.77, 0.31],
]
const SAMPLES = 4

function insideTile(x: number, y: number): boolean {
  const r = 0.2
  const dx = Math.max(r - x, 0, x - (1 - r))
  const dy = Math.max(r - y, 0, y - (1 - r))
  return dx * dx + dy * dy <= r * r
}

function distanceToSegment(x: number, y: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): number {
  const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)))
  return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)))
}

function onTick(x: number, y: number, size: number): boolean {
  const half = Math.max(0.065, 1.2 / size)
  for (let i = 0; i + 1 < TICK.length; i++) {
    if (distanceToSegment(x, y, TICK[i] as [number, number], TICK[i + 1] as [number, number]) <= half) return true
  }
  return false
}

/** RGBA pixels: coverage of the tile becomes alpha, coverage of the tick blends to white. */
function draw(size: number): Buffer {
  const pixels = Buffer.alloc(size * size * 4)
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let tile = 0
      let tick = 0
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const x = (px + (sx + 0.5) / SAMPLES) / size
          const y = (py + (sy + 0.5) / SAMPLES) / size
          if (!insideTile(x, y)) continue
          tile += 1
          if (onTick(x, y, size)) tick += 1
        }
      }
      const share = tile === 0 ? 0 : tick / tile
      const offset = (py * size + px) * 4
      for (let c = 0; c < 3; c++) pixels[offset + c] = Math.round((NAVY[c] ?? 0) * (1 - share) + (WHITE[c] ?? 0) * share)
      pixels[offset + 3] = Math.round((255 * tile) / (SAMPLES * SAMPLES))
    }
  }
  return pixels
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

export function png(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8)
  const rows = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

const folder = resolve(import.meta.dirname, '../public/assets')
for (const size of ICON_SIZES) {
  writeFileSync(resolve(folder, `icon-${size}.png`), png(size, draw(size)))
}
console.log(`wrote ${ICON_SIZES.map((s) => `icon-${s}.png`).join(', ')} to ${folder}`)
