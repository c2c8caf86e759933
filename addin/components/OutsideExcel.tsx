import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components'
import { Header } from './Header.tsx'

const useStyles = makeStyles({ body: { padding: tokens.spacingHorizontalM } })

/** Shown when the pane is opened outside Excel: it works only as an Excel add-in. */
export function OutsideExcel() {
  const styles = useStyles()
  return (
    <>
      <Header label={null} roles={null} />
      <div className={styles.body}>
        <MessageBar intent="info" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>Open Tieout from Excel</MessageBarTitle>
            This page is the Tieout task pane. In Excel, choose Home › Reconcile (after adding the add-in from its manifest).
          </MessageBarBody>
        </MessageBar>
      </div>
    </>
  )
}
