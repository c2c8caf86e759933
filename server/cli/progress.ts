/**
 * Run progress for people: one bar per step on a terminal, plain timestamped lines otherwise
 * (CI logs, pipes). Both read the same engine events.
 */
export type ProgressEvent =
  | { type: 'step-started'; step: string; attempt: number }
  | { type: 'step-progress'; step: string; done: number; total: number | null; message?: string }
  | { type: 'step-retrying'; step: string; attempt: number; delayMs: number; error: string }
  | { type: 'step-finished'; step: string; summary?: Readonly<Record<string, unknown>> }
  | { type: 'step-failed'; step: string; error: string }
  | { type: 'run-finished'; status: string; error?: string }

type StepLine = {
  state: 'waiting' | 'running' | 'retrying' | 'done' | 'failed'
  done: number
  total: number | null
  note: string
  startedAt: number
  endedAt?: number
}

export type ProgressView = { onEvent: (event: ProgressEvent) => void; close: () => void }

export function createProgressView(stream: NodeJS.WriteStream, steps: readonly string[], clock: () => number = Date.now): ProgressView {
  return stream.isTTY ? createBars(stream, steps, clock) : createLines(stream, clock)
}

function createLines(stream: NodeJS.WritableStream, clock: () => number): ProgressView {
  const started = new Map<string, number>()
  const write = (text: string) => stream.write(`${new Date(clock()).toISOString().slice(11, 19)} ${text}\n`)
  return {
    onEvent: (event) => {
      if (event.type === 'step-started') {
        started.set(event.step, clock())
        write(`${event.step} started${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`)
      } else if (event.type === 'step-retrying') {
        write(`${event.step} failed (${event.error}); retry ${event.attempt} in ${(event.delayMs / 1000).toFixed(1)} s`)
      } else if (event.type === 'step-finished') {
        write(`${event.step} done in ${seconds(clock() - (started.get(event.step) ?? clock()))}${describeSummary(event.summary)}`)
      } else if (event.type === 'step-failed') {
        write(`${event.step} FAILED: ${event.error}`)
      } else if (event.type === 'run-finished') {
        write(`run ${event.status}${event.error ? `: ${event.error}` : ''}`)
      }
    },
    close: () => {},
  }
}

function createBars(stream: NodeJS.WriteStream, steps: readonly string[], clock: () => number): ProgressView {
  const lines = new Map<string, StepLine>(steps.map((step) => [step, { state: 'waiting', done: 0, total: null, note: '', startedAt: 0 }]))
  let drawn = 0
  const draw = () => {
    if (drawn > 0) stream.write(`\x1b[${drawn}A`)
    const width = Math.max(...steps.map((step) => step.length))
    for (const [step, line] of lines) stream.write(`\x1b[2K${renderBar(step.padEnd(width), line, clock())}\n`)
    drawn = lines.size
  }
  const timer = setInterval(draw, 200)
  timer.unref()
  return {
    onEvent: (event) => {
      if (event.type === 'run-finished') return draw()
      const line = lines.get(event.step) ?? { state: 'waiting' as const, done: 0, total: null, note: '', startedAt: 0 }
      lines.set(event.step, applyEvent(line, event, clock()))
    },
    close: () => {
      clearInterval(timer)
      draw()
    },
  }
}

function applyEvent(line: StepLine, event: Exclude<ProgressEvent, { type: 'run-finished' }>, now: number): StepLine {
  switch (event.type) {
    case 'step-started':
      return { ...line, state: 'running', startedAt: now, note: event.attempt > 1 ? `attempt ${event.attempt}` : '' }
    case 'step-progress':
      return { ...line, done: event.done, total: event.total, note: event.message ?? line.note }
    case 'step-retrying':
      return { ...line, state: 'retrying', note: `retry ${event.attempt} in ${seconds(event.delayMs)}: ${event.error}` }
    case 'step-finished':
      return { ...line, state: 'done', endedAt: now, note: describeSummary(event.summary).trim() }
    case 'step-failed':
      return { ...line, state: 'failed', endedAt: now, note: event.error }
  }
}

const BAR_WIDTH = 24

function renderBar(label: string, line: StepLine, now: number): string {
  const fraction = line.state === 'done' ? 1 : line.total ? Math.min(1, line.done / line.total) : 0
  const filled = Math.round(fraction * BAR_WIDTH)
  const bar = line.state === 'running' && !line.total ? spinner(now) : `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
  const elapsed = line.startedAt ? seconds((line.endedAt ?? now) - line.startedAt) : ''
  const count = line.done ? `${line.done.toLocaleString('en-US')} rows` : ''
  const mark = { waiting: ' ', running: '…', retrying: '↻', done: '✔', failed: '✘' }[line.state]
  return `${mark} ${label} ${bar} ${elapsed.padStart(7)} ${count} ${line.note}`.trimEnd()
}

function spinner(now: number): string {
  const position = Math.floor(now / 100) % BAR_WIDTH
  return `${'░'.repeat(position)}█${'░'.repeat(BAR_WIDTH - position - 1)}`
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

function describeSummary(summary: Readonly<Record<string, unknown>> | undefined): string {
  if (!summary) return ''
  const parts = Object.entries(summary).map(
    ([key, value]) => `${key} ${typeof value === 'number' ? value.toLocaleString('en-US') : String(value)}`,
  )
  return parts.length ? ` (${parts.join(', ')})` : ''
}
