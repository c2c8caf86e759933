import { FluentProvider, webLightTheme } from '@fluentui/react-components'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './components/App.tsx'
import { OutsideExcel } from './components/OutsideExcel.tsx'

/**
 * Boots after `Office.onReady`. Outside Excel (a plain browser tab, or office.js unavailable) the
 * pane says where to open it instead of failing on the first Excel call.
 */
function render(insideExcel: boolean): void {
  const element = document.getElementById('root')
  if (element === null) throw new Error('index.html has no #root element')
  createRoot(element).render(
    <StrictMode>
      <FluentProvider theme={webLightTheme}>
        {insideExcel ? <App defaultServerUrl={window.location.origin} today={new Date()} /> : <OutsideExcel />}
      </FluentProvider>
    </StrictMode>,
  )
}

if (typeof Office === 'undefined') {
  render(false)
} else {
  void Office.onReady().then((info) => render(info.host === Office.HostType.Excel))
}
