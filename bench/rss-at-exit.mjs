// Preloaded (`node --import ./bench/rss-at-exit.mjs bin/tieout.js …`) into a process the bench
// runs as is, to learn its cost: writes {"peakRssKiB", "cpuSeconds"} to $BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs'

const file = process.env.BENCH_RSS_FILE
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage()
    writeFileSync(file, JSON.stringify({ peakRssKiB: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6 }))
  })
}
