import { useEffect, useState } from 'react'
import type { Entity } from '../../shared/api/catalog.ts'
import type { TieoutApi } from '../api/tieout-api.ts'
import { type Notice, noticeOf } from '../messages.ts'

/** The entity master from the server; only in-scope entities can be reconciled. */
export function useEntities(api: TieoutApi) {
  const [entities, setEntities] = useState<readonly Entity[] | null>(null)
  const [notice, setNotice] = useState<Notice | null>(null)
  useEffect(() => {
    let live = true
    api
      .entities()
      .then(({ entities: list }) => live && setEntities(list))
      .catch((error: unknown) => live && setNotice(noticeOf(error, 'Loading the entities')))
    return () => {
      live = false
    }
  }, [api])
  return { entities, notice }
}
