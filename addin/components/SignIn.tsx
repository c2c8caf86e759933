import { Button, Caption1, Divider, Field, Input, makeStyles, Text, tokens } from '@fluentui/react-components'
import { type FormEvent, useState } from 'react'
import type { DemoUsers } from '../api/tieout-api.ts'

export type SignInProps = {
  readonly serverUrl: string
  readonly onServerUrlChange: (url: string) => void
  readonly busy: boolean
  readonly ssoAvailable: boolean
  readonly demoUsers: DemoUsers['tokens']
  readonly onSso: () => void
  readonly onToken: (token: string) => void
  readonly onDemoUser: (user: DemoUsers['tokens'][number]) => void
}

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalM },
  demo: { display: 'grid', gridTemplateColumns: '1fr 1fr', gap: tokens.spacingHorizontalS },
  hint: { color: tokens.colorNeutralForeground3 },
})

/** Connect to the Tieout server: Office SSO when registered, a demo user, or a pasted API token. */
export function SignIn({ serverUrl, onServerUrlChange, busy, ssoAvailable, demoUsers, onSso, onToken, onDemoUser }: SignInProps) {
  const styles = useStyles()
  const [token, setToken] = useState('')
  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (token.trim() !== '') onToken(token)
  }
  return (
    <form className={styles.form} onSubmit={submit} aria-label="Sign in">
      <Text weight="semibold" size={400}>
        Sign in to reconcile
      </Text>
      <Field label="Tieout server">
        <Input value={serverUrl} onChange={(_, data) => onServerUrlChange(data.value)} type="url" />
      </Field>
      {ssoAvailable && (
        <Button appearance="primary" disabled={busy} onClick={onSso}>
          Sign in with Microsoft
        </Button>
      )}
      {demoUsers.length > 0 && (
        <>
          <Caption1 className={styles.hint}>Demo server: pick a user.</Caption1>
          <div className={styles.demo}>
            {demoUsers.map((user) => (
              <Button key={user.name} disabled={busy} onClick={() => onDemoUser(user)}>
                {user.role}
              </Button>
            ))}
          </div>
        </>
      )}
      {(ssoAvailable || demoUsers.length > 0) && <Divider>or</Divider>}
      <Field label="API token" hint="Ask an administrator, or copy a demo token printed when the server started.">
        <Input type="password" value={token} onChange={(_, data) => setToken(data.value)} autoComplete="off" />
      </Field>
      <Button type="submit" appearance={ssoAvailable ? 'secondary' : 'primary'} disabled={busy || token.trim() === ''}>
        {busy ? 'Signing in…' : 'Sign in with token'}
      </Button>
    </form>
  )
}
