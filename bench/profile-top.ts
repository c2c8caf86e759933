/**
 * The hot spots of a V8 `.cpuprofile` (from `node --cpu-prof`, or `npm run bench -- --profile
 * compute`): self time per function, highest first.
 *
 *   npx tsx bench/profile-top.ts FILE.cpuprofile [count=15]
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'

type CallFrame = { functionName: string; url: string; lineNumber: number }
type ProfileNode = { id: number; callFrame: CallFrame }
type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

export type HotSpot = { readonly fn: string; readonly where: string; readonly selfMs: number; readonly percent: number }

const ROOT = fileURLToPath(new URL('..', import.meta.url))

export async function topSelfTime(file: string, count = 15): Promise<{ totalMs: number; spots: HotSpot[] }> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]))
  const selfUs = new Map<string, { fn: string; where: string; us: number }>()
  for (let index = 0; index < profile.samples.length; index++) {
    const frame = frames.get(profile.samples[index] as number)
    if (!frame) continue
    const fn = frame.functionName || '(anonymous)'
    const where = frame.url ? `${shorten(frame.url)}:${frame.lineNumber + 1}` : ''
    const key = `${fn}\u0000${where}`
    const entry = selfUs.get(key) ?? { fn, where, us: 0 }
    entry.us += profile.timeDeltas[index + 1] ?? 0
    selfUs.set(key, entry)
  }
  const totalUs = profile.endTime - profile.startTime
  const spots = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, count)
    .map(({ fn, where, us }) => ({ fn, where, selfMs: Math.round(us / 1000), percent: Math.round((1000 * us) / totalUs) / 10 }))
  return { totalMs: Math.round(totalUs / 1000), spots }
}

function shorten(url: string): string {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url
  return path.startsWith(ROOT) ? relative(ROOT, path) : path.replace(/^.*\/node_modules\//, 'node_modules/')
}

export function formatHotSpots(totalMs: number, spots: readonly HotSpot[]): string {
  const lines = spots.map(
    (spot) => `  ${String(spot.selfMs).padStart(7)} ms ${spot.percent.toFixed(1).padStart(5)} %  ${spot.fn}  ${spot.where}`,
  )
  return [`  profile ${totalMs} ms; self time:`, ...lines].join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('usage: tsx bench/profile-top.ts FILE.cpuprofile [count]\n')
    process.exit(2)
  }
  const { totalMs, spots } = await topSelfTime(file, Number(process.argv[3] ?? 15))
  process.stdout.write(`${formatHotSpots(totalMs, spots)}\n`)
}
