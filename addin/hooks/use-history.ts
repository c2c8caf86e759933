import { useCallback, useEffect, useState } from 'react'
import type { RunSummary } from '../../shared/api/runs.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { type Notice, noticeOf } from '../messages.ts'
import { signoffView } from '../state/signoff-view.ts'

const HISTORY_SIZE = 15

/** A run of the history with its sign-off, when it has one that still stands. */
export type HistoryRun = RunSummary & { readonly signedOff: { readonly by: string; readonly at: string } | null }

/** Recent runs of the chosen period, newest first, with their sign-off; refreshed on demand. */
export function useHistory(api: TieoutApi, period: string) {
  const [runs, setRuns] = useState<readonly HistoryRun[]>([])
  const [notice, setNotice] = useState<Notice | null>(null)
  const refresh = useCallback(async () => {
    try {
      const list = (await api.runs({ period, limit: HISTORY_SIZE })).runs
      const withSignoff = await Promise.all(
        list.map(async (run): Promise<HistoryRun> => {
          if (run.status !== 'succeeded') return { ...run, signedOff: null }
          const detail = await api.run(run.id)
          return { ...run, signedOff: signoffView(detail).signedOff }
        }),
      )
      setRuns(withSignoff)
      setNotice(null)
    } catch (error) {
      setNotice(noticeOf(error, 'Loading the run history'))
    }
  }, [api, period])
  useEffect(() => {
    void refresh()
  }, [refresh])
  return { runs, notice, refresh }
}
