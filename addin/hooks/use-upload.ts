import { useCallback, useState } from 'react'
import type { FilesetCreated, TieoutApi } from '../api/tieout-api.ts'
import { type Notice, noticeOf } from '../messages.ts'

/** Extract files chosen in the pane and uploaded as a fileset, the source of a `fileset` run. */
export function useUpload(api: TieoutApi) {
  const [files, setFiles] = useState<readonly File[]>([])
  const [fileset, setFileset] = useState<FilesetCreated | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const choose = useCallback((chosen: readonly File[]) => {
    setFiles(chosen)
    setFileset(null)
  }, [])
  const send = useCallback(async () => {
    setBusy(true)
    setNotice(null)
    try {
      setFileset(await api.uploadFileset(files))
    } catch (error) {
      setNotice(noticeOf(error, 'Uploading the files'))
    } finally {
      setBusy(false)
    }
  }, [api, files])
  return { files, fileset, busy, notice, choose, send }
}
