import { makeStyles, tokens } from '@fluentui/react-components'
import { useState } from 'react'
import { useDemoUsers } from '../hooks/use-demo-users.ts'
import { useSession } from '../hooks/use-session.ts'
import { Header } from './Header.tsx'
import { NoticeBar } from './NoticeBar.tsx'
import { SignIn } from './SignIn.tsx'
import { Workspace } from './Workspace.tsx'

export type AppProps = {
  /** The server that served the pane: the API shares its origin. */
  readonly defaultServerUrl: string
  readonly today: Date
}

const useStyles = makeStyles({
  app: { minWidth: '300px', minHeight: '100vh', backgroundColor: tokens.colorNeutralBackground1 },
  notice: { padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM} 0` },
})

/** Signed out: the sign-in screen. Signed in: the workspace. */
export function App({ defaultServerUrl, today }: AppProps) {
  const styles = useStyles()
  const [serverUrl, setServerUrl] = useState(defaultServerUrl)
  const auth = useSession(defaultServerUrl)
  const demoUsers = useDemoUsers(serverUrl)
  if (auth.session !== null) {
    return (
      <div className={styles.app}>
        <Workspace session={auth.session} today={today} onSignOut={auth.signOut} />
      </div>
    )
  }
  return (
    <div className={styles.app}>
      <Header label={null} roles={null} />
      <div className={styles.notice}>
        <NoticeBar notice={auth.notice} />
      </div>
      <SignIn
        serverUrl={serverUrl}
        onServerUrlChange={setServerUrl}
        busy={auth.busy}
        ssoAvailable={auth.ssoAvailable}
        demoUsers={demoUsers}
        onSso={() => void auth.signInWithOffice(serverUrl)}
        onToken={(token) => void auth.signIn(serverUrl, token)}
        onDemoUser={(user) => void auth.signIn(serverUrl, user.token, `${user.name} (demo)`)}
      />
    </div>
  )
}
