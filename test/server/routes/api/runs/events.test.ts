import { describe, expect, it } from 'vitest'
import type { WorkflowDef } from '../../../../../server/engine/workflow.ts'
import { build, finishedRun, TEST_RETRY, type TestApp, startedRun } from '../../../../helper.ts'
import { deferred } from '../../../engine/workflows.ts'

type SseMessage = { id?: string; event?: string; data?: unknown; comment?: string }

function parseSse(text: string): SseMessage[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const message: SseMessage = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) message.comment = line.slice(1).trim()
        else if (line.startsWith('id: ')) message.id = line.slice(4)
        else if (line.startsWith('event: ')) message.event = line.slice(7)
        else if (line.startsWith('data: ')) message.data = JSON.parse(line.slice(6))
      }
      return message
    })
}

const events = (messages: SseMessage[]) => messages.filter((m) => m.event !== undefined).map((m) => m.event)

/** A workflow whose one step waits for the test to release it. */
function gatedWorkflow(gate: Promise<void>, started: () => void): WorkflowDef {
  return {
    name: 'reconcile',
    version: '1',
    steps: () => [
      {
        name: 'extract:CR_04',
        dependsOn: [],
        retry: TEST_RETRY,
        run: async ({ progress }) => {
          started()
          progress(1, 2, 'half way')
          await gate
          return {}
        },
      },
    ],
  }
}

async function readStream(url: string, headers: Record<string, string>, until: (text: string) => boolean): Promise<string> {
  const response = await fetch(url, { headers })
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return text
    text += value
    if (until(text)) {
      await reader.cancel()
      return text
    }
  }
}

async function listen(test: TestApp): Promise<string> {
  return test.app.listen({ port: 0, host: '127.0.0.1' })
}

describe('GET /api/runs/:id/events (SSE)', () => {
  it('a late subscriber gets the replay, ending with run-finished, and the stream closes', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/events`, headers: test.as('auditor') })
    expect(response.headers['content-type']).toBe('text/event-stream; charset=utf-8')
    const messages = parseSse(response.body)
    const names = events(messages)
    expect([names[0], names.at(-1)]).toEqual(['run-started', 'run-finished'])
    expect(names.filter((name) => name === 'step-finished')).toHaveLength(3)
    expect(messages.at(-1)?.data).toMatchObject({ runId: id, status: 'succeeded', error: null })
  })

  it('streams live events until the run finishes', async () => {
    const gate = deferred()
    const started = deferred()
    const test = await build({ wiring: { workflows: [gatedWorkflow(gate.promise, started.resolve)] } })
    const base = await listen(test)
    const id = await startedRun(test)
    await started.promise
    const reading = readStream(`${base}/api/runs/${id}/events`, test.as('auditor'), () => false)
    setTimeout(() => gate.resolve(), 50)
    const messages = parseSse(await reading)
    expect(events(messages)).toEqual(['run-started', 'step-started', 'step-progress', 'step-finished', 'run-finished'])
    expect(messages[2]?.data).toMatchObject({ step: 'extract:CR_04', done: 1, total: 2, message: 'half way' })
  })

  it('sends heartbeat comments while the run is quiet', async () => {
    const gate = deferred()
    const started = deferred()
    const test = await build({ config: { heartbeatMs: 10 }, wiring: { workflows: [gatedWorkflow(gate.promise, started.resolve)] } })
    const base = await listen(test)
    const id = await startedRun(test)
    await started.promise
    const text = await readStream(`${base}/api/runs/${id}/events`, test.as('auditor'), (t) => t.includes(': heartbeat'))
    gate.resolve()
    expect(parseSse(text).some((m) => m.comment === 'heartbeat')).toBe(true)
  })

  it('Last-Event-ID resumes after the events already received', async () => {
    const test = await build()
    const id = await finishedRun(test)
    const response = await test.app.inject({ url: `/api/runs/${id}/events`, headers: { ...test.as('auditor'), 'last-event-id': '6' } })
    expect(parseSse(response.body).map((m) => m.id)).toEqual(['7', '8'])
  })

  it('a run that finished before the server restarted replays its kept events and ends with run-finished', async () => {
    const before = await build()
    const id = await finishedRun(before)
    const after = await build({ dataDir: before.dataDir })
    const response = await after.app.inject({ url: `/api/runs/${id}/events`, headers: before.as('auditor') })
    const messages = parseSse(response.body)
    const kept = events(messages)
    // Both extract steps run at once: their events interleave either way.
    expect([kept[0], kept.at(-1)]).toEqual(['run-started', 'run-finished'])
    expect([...kept].sort()).toEqual(['run-finished', 'run-started', ...Array(3).fill('step-finished'), ...Array(3).fill('step-started')])
    expect(messages.at(-1)?.data).toMatchObject({ status: 'succeeded' })
  })
})
