import { useEffect, useState } from 'react'
import type { DemoUsers } from '../api/tieout-api.ts'

/**
 * Demo users offered by a demo server to loopback clients (`GET /api/demo/tokens`).
 * Any other answer hides the picker: the user pastes the token printed at server start instead.
 */
export function useDemoUsers(serverUrl: string): DemoUsers['tokens'] {
  const [users, setUsers] = useState<DemoUsers['tokens']>([])
  useEffect(() => {
    const controller = new AbortController()
    fetch(`${serverUrl.replace(/\/+$/, '')}/api/demo/tokens`, { signal: controller.signal })
      .then(async (response) => (response.ok ? ((await response.json()) as DemoUsers).tokens : []))
      .then((tokens) => setUsers(tokens.filter((t) => typeof t.token === 'string' && t.token !== '')))
      .catch(() => setUsers([]))
    return () => controller.abort()
  }, [serverUrl])
  return users
}
