/**
 * The XML add-in-only manifest (Excel, ribbon button on Home opening the task pane), written for
 * one base URL: the server that serves the pane at `/addin/`. Declared once here; the committed
 * `manifest.xml` and the deployed ones are both outputs of `manifestXml`.
 */
export const ADDIN_ID = '2dd07544-d89c-47ef-b37a-4d010c909983'
/** Bump on every manifest change: Office caches ribbon definitions by version. */
export const MANIFEST_VERSION = '1.0.0.0'
export const DEFAULT_BASE_URL = 'https://localhost:8750'
export const EXCEL_API_MIN_VERSION = '1.12'
export const ICON_SIZES = [16, 32, 64, 80, 128] as const

export type ManifestOptions = {
  readonly baseUrl: string
  /** Microsoft Entra app registration for Office SSO (`OfficeRuntime.auth.getAccessToken`). */
  readonly sso?: { readonly appId: string; readonly resource: string }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

function attr(value: string): string {
  return value.replace(/[&<>"]/g, (char) => ESCAPES[char] ?? char)
}

/** `https://host:port` without a trailing slash; anything but HTTPS is refused (Office loads only HTTPS). */
export function normaliseBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl)
  if (url.protocol !== 'https:') throw new Error(`the add-in base URL must use https: ${baseUrl}`)
  return url.href.replace(/\/+$/, '')
}

export function addinUrls(baseUrl: string) {
  const base = `${normaliseBaseUrl(baseUrl)}/addin`
  return {
    taskpane: `${base}/index.html`,
    commands: `${base}/commands.html`,
    help: `${base}/help.html`,
    icon: (size: number) => `${base}/assets/icon-${size}.png`,
  }
}

export function manifestXml(options: ManifestOptions): string {
  const urls = addinUrls(options.baseUrl)
  const icons = (indent: string) => [16, 32, 80].map((size) => `${indent}<bt:Image size="${size}" resid="Icon.${size}"/>`).join('\n')
  return `<?xml version="1.0" encoding="UTF-8"?>
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
  xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
  xsi:type="TaskPaneApp">
  <Id>${ADDIN_ID}</Id>
  <Version>${MANIFEST_VERSION}</Version>
  <ProviderName>Tieout</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue="Tieout"/>
  <Description DefaultValue="C-PG-1 reconciliation in Excel: NAV general ledger against target values, bridges, review and sign-off with verifiable evidence."/>
  <IconUrl DefaultValue="${attr(urls.icon(32))}"/>
  <HighResolutionIconUrl DefaultValue="${attr(urls.icon(64))}"/>
  <SupportUrl DefaultValue="${attr(urls.help)}"/>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="ExcelApi" MinVersion="${EXCEL_API_MIN_VERSION}"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${attr(urls.taskpane)}"/>
  </DefaultSettings>
  <Permissions>ReadWriteDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="GetStarted.LearnMoreUrl"/>
          </GetStarted>
          <FunctionFile resid="Commands.Url"/>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="Tieout.Group">
                <Label resid="Group.Label"/>
                <Icon>
${icons('                  ')}
                </Icon>
                <Control xsi:type="Button" id="Tieout.Reconcile">
                  <Label resid="Reconcile.Label"/>
                  <Supertip>
                    <Title resid="Reconcile.Label"/>
                    <Description resid="Reconcile.Tooltip"/>
                  </Supertip>
                  <Icon>
${icons('                    ')}
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>Tieout.Taskpane</TaskpaneId>
                    <SourceLocation resid="Taskpane.Url"/>
                  </Action>
                </Control>
              </Group>
            </OfficeTab>
          </ExtensionPoint>
        </DesktopFormFactor>
      </Host>
    </Hosts>
    <Resources>
      <bt:Images>
${[16, 32, 80].map((size) => `        <bt:Image id="Icon.${size}" DefaultValue="${attr(urls.icon(size))}"/>`).join('\n')}
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Commands.Url" DefaultValue="${attr(urls.commands)}"/>
        <bt:Url id="Taskpane.Url" DefaultValue="${attr(urls.taskpane)}"/>
        <bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${attr(urls.help)}"/>
      </bt:Urls>
      <bt:ShortStrings>
        <bt:String id="GetStarted.Title" DefaultValue="Tieout is ready"/>
        <bt:String id="Group.Label" DefaultValue="Tieout"/>
        <bt:String id="Reconcile.Label" DefaultValue="Reconcile"/>
      </bt:ShortStrings>
      <bt:LongStrings>
        <bt:String id="GetStarted.Description" DefaultValue="Open Home > Reconcile to run C-PG-1 for a period and review the bridges."/>
        <bt:String id="Reconcile.Tooltip" DefaultValue="Open the Tieout pane: reconcile NAV against target values, review bridges and sign off."/>
      </bt:LongStrings>
    </Resources>${ssoXml(options.sso)}
  </VersionOverrides>
</OfficeApp>
`
}

function ssoXml(sso: ManifestOptions['sso']): string {
  if (sso === undefined) return ''
  return `
    <WebApplicationInfo>
      <Id>${attr(sso.appId)}</Id>
      <Resource>${attr(sso.resource)}</Resource>
      <Scopes>
        <Scope>openid</Scope>
        <Scope>profile</Scope>
      </Scopes>
    </WebApplicationInfo>`
}
