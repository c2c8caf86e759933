import { Badge, Button, Caption1, makeStyles, Text, tokens } from '@fluentui/react-components'
import type { Role } from '../../shared/api/common.ts'

export type HeaderProps = {
  readonly label: string | null
  readonly roles: readonly Role[] | null
  readonly onSignOut?: () => void
}

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: '#1F3864',
    color: tokens.colorNeutralForegroundOnBrand,
  },
  logo: { width: '24px', height: '24px', flexShrink: 0 },
  brand: { display: 'flex', flexDirection: 'column', flexGrow: 1, minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400, color: 'inherit' },
  user: { color: '#D6DCE8', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  signOut: { color: tokens.colorNeutralForegroundOnBrand, minWidth: 'auto' },
})

/** Product name, who is signed in with which roles, and sign-out. */
export function Header({ label, roles, onSignOut }: HeaderProps) {
  const styles = useStyles()
  return (
    <header className={styles.header}>
      <img className={styles.logo} src={`${import.meta.env.BASE_URL}assets/icon-32.png`} alt="" />
      <div className={styles.brand}>
        <Text className={styles.name}>Tieout · C-PG-1</Text>
        {label !== null && (
          <Caption1 className={styles.user} title={label}>
            {label}
          </Caption1>
        )}
      </div>
      {roles?.map((role) => (
        <Badge key={role} appearance="tint" color="informative" size="small">
          {role}
        </Badge>
      ))}
      {onSignOut && (
        <Button className={styles.signOut} size="small" appearance="transparent" onClick={onSignOut}>
          Sign out
        </Button>
      )}
    </header>
  )
}
