import { useCallback, useEffect, useState } from 'react'
import type { RunSummary } from '../../shared/api/runs.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { type Notice, noticeOf } from '../messages.ts'

const HISTORY_SIZE = 15

/** Recent runs of the chosen period, newest first; refreshed on demand (after a run, a sign-off). */
export function useHistory(api: TieoutApi, period: string) {
  const [runs, setRuns] = useState<readonly RunSummary[]>([])
  const [notice, setNotice] = useState<Notice | null>(null)
  const refresh = useCallback(async () => {
    try {
      setRuns((await api.runs({ period, limit: HISTORY_SIZE })).runs)
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
