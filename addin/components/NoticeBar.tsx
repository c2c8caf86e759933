import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components'
import type { ReactNode } from 'react'
import type { Notice } from '../messages.ts'

export type NoticeBarProps = {
  readonly notice: Notice | null
  readonly onDismiss?: () => void
  /** Extra actions beside Dismiss (e.g. "Sync review first"). */
  readonly actions?: ReactNode
}

const useStyles = makeStyles({
  list: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingLeft: tokens.spacingHorizontalL, overflowWrap: 'anywhere' },
  body: { overflowWrap: 'anywhere' },
})

/** A Fluent MessageBar for one notice, multi-line so long server messages stay readable at 320 px. */
export function NoticeBar({ notice, onDismiss, actions }: NoticeBarProps) {
  const styles = useStyles()
  if (notice === null) return null
  return (
    <MessageBar intent={notice.intent} layout="multiline" role={notice.intent === 'error' ? 'alert' : 'status'}>
      <MessageBarBody className={styles.body}>
        <MessageBarTitle>{notice.title}</MessageBarTitle>
        {notice.message}
        {notice.items && notice.items.length > 0 && (
          <ul className={styles.list}>
            {notice.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
      </MessageBarBody>
      {(onDismiss || actions) && (
        <MessageBarActions>
          {actions}
          {onDismiss && (
            <Button size="small" appearance="transparent" onClick={onDismiss}>
              Dismiss
            </Button>
          )}
        </MessageBarActions>
      )}
    </MessageBar>
  )
}
