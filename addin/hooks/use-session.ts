import { useCallback, useEffect, useMemo, useState } from 'react'
import type { Role } from '../../shared/api/common.ts'
import { ApiError, createHttp } from '../api/client.ts'
import { type Me, type TieoutApi, tieoutApi } from '../api/tieout-api.ts'
import { type Notice, noticeOf } from '../messages.ts'

export type Session = {
  readonly serverUrl: string
  readonly api: TieoutApi
  /** null when the server cannot say who the token is (no `/api/me`): every action is offered. */
  readonly user: Me | null
  readonly label: string
}

/** Whether the session's user may act in this role (an admin may act in any). */
export function may(session: Session, role: Role): boolean {
  return session.user === null || session.user.roles.includes(role) || session.user.roles.includes('admin')
}

type Stored = { readonly serverUrl: string; readonly token: string; readonly label: string }

const STORAGE_KEY = 'tieout.session'

/** Checks a token against the server: who it is, or at least that it is accepted. */
async function verify(serverUrl: string, token: string, label: string): Promise<Session> {
  const api = tieoutApi(createHttp(serverUrl, token))
  try {
    const user = await api.me()
    return { serverUrl, api, user, label: label || user.id }
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error
    await api.entities()
    return { serverUrl, api, user: null, label: label || `API token …${token.slice(-4)}` }
  }
}

function readStored(): Stored | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY)
    return text === null ? null : (JSON.parse(text) as Stored)
  } catch {
    return null
  }
}

/** Sign-in state: Office SSO, a pasted API token or a demo user; kept for the pane's session only. */
export function useSession(defaultServerUrl: string) {
  const [session, setSession] = useState<Session | null>(null)
  const [busy, setBusy] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  const signIn = useCallback(
    async (serverUrl: string, token: string, label = '') => {
      setBusy(true)
      setNotice(null)
      try {
        const verified = await verify(serverUrl.trim() || defaultServerUrl, token.trim(), label)
        sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ serverUrl: verified.serverUrl, token: token.trim(), label: verified.label }))
        setSession(verified)
      } catch (error) {
        setNotice(noticeOf(error, 'Sign-in'))
      } finally {
        setBusy(false)
      }
    },
    [defaultServerUrl],
  )

  const signInWithOffice = useCallback(
    async (serverUrl: string) => {
      try {
        const token = await Office.auth.getAccessToken({ allowSignInPrompt: true, allowConsentPrompt: true, forMSGraphAccess: false })
        await signIn(serverUrl, token)
      } catch (error) {
        setNotice(noticeOf(error, 'Single sign-on'))
      }
    },
    [signIn],
  )

  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY)
    setSession(null)
  }, [])

  useEffect(() => {
    const stored = readStored()
    if (stored !== null) void signIn(stored.serverUrl, stored.token, stored.label)
  }, [signIn])

  // Office SSO needs the manifest's WebApplicationInfo: a build for such a manifest sets VITE_TIEOUT_SSO.
  const ssoAvailable = useMemo(
    () => import.meta.env.VITE_TIEOUT_SSO === 'true' && typeof Office !== 'undefined' && typeof Office.auth?.getAccessToken === 'function',
    [],
  )
  return { session, busy, notice, signIn, signInWithOffice, signOut, ssoAvailable }
}
