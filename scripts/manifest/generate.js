// @ts-check
/**
 * The add-in's XML manifest for one environment, from its validated settings (settings.js).
 * Every URL, the AppDomains and WebApplicationInfo (Id, Resource = api://<host>/<client id>,
 * scopes) point at that environment; the header comment names it.
 *
 * Sign-in: the base manifest requires DialogApi 1.1, the floor every sign-in path stands on (the
 * Office dialog fallback); Office SSO (IdentityAPI 1.3) and nested app authentication are
 * detected at run time, so Office versions without them still load the add-in.
 * https://learn.microsoft.com/en-us/javascript/api/manifest/requirements
 * https://learn.microsoft.com/en-us/office/dev/add-ins/develop/sso-in-office-add-ins
 */

/** Strings of the product, by locale; the display name comes from the settings. */
const TEXT = {
  'en-US': {
    description: 'See and close the Microsoft Graph workbook sessions this add-in opened for you.',
    getStartedTitle: 'Workbook Sessions is ready',
    getStartedDescription: 'Open the Home tab and select Workbook sessions to see and close your sessions.',
    groupLabel: 'Sessions',
    buttonLabel: 'Workbook sessions',
    buttonTooltip: 'Show the workbook sessions this add-in opened for you, and close them.',
  },
  'es-ES': {
    displayName: 'Sesiones de libro',
    description: 'Consulte y cierre las sesiones de libro de Microsoft Graph que este complemento abrió para usted.',
    getStartedTitle: 'Sesiones de libro está listo',
    getStartedDescription:
      'En la pestaña Inicio, seleccione Sesiones de libro para ver y cerrar sus sesiones de libro.',
    groupLabel: 'Sesiones',
    buttonLabel: 'Sesiones de libro',
    buttonTooltip: 'Muestra las sesiones de libro que este complemento abrió para usted y permite cerrarlas.',
  },
};
/** Graph permissions the middle tier requests on behalf of the user, plus what Office SSO always needs. */
const SCOPES = ['Files.ReadWrite', 'openid', 'profile'];
const ICON_SIZES = [16, 32, 64, 80, 128];
const PRODUCT_NAME = 'Workbook Sessions';

/** @param {string} value */
function xml(value) {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * @param {import('./settings').EnvironmentSettings} s
 * @returns {string}
 */
function renderManifest(s) {
  const es = TEXT['es-ES'];
  const en = TEXT['en-US'];
  const host = new URL(s.publicUrl).host;
  const suffix = s.kind === 'production' ? '' : ` (${s.environment})`;
  // The product's Spanish name, unless the environment renamed the add-in and gave no Spanish name.
  const esDisplayName =
    s.localizedDisplayNames['es-ES'] ??
    (s.displayName === `${PRODUCT_NAME}${suffix}` ? `${es.displayName}${suffix}` : s.displayName);
  const otherDisplayNames = Object.entries(s.localizedDisplayNames).filter(([locale]) => locale !== 'es-ES');
  const asset = (/** @type {number} */ size) => `${s.publicUrl}/assets/icon-${size}.png`;
  const taskpane = `${s.publicUrl}/taskpane.html`;
  /** @param {string} id @param {string} en @param {string} es */
  const string = (id, en, es) => `        <bt:String id="${id}" DefaultValue="${xml(en)}">
          <bt:Override Locale="es-ES" Value="${xml(es)}"/>
        </bt:String>`;
  const icons = (/** @type {string} */ indent) =>
    [16, 32, 80].map((size) => `${indent}<bt:Image size="${size}" resid="Icon.${size}x${size}"/>`).join('\n');

  return `<?xml version="1.0" encoding="UTF-8"?>
<!-- Workbook Sessions add-in manifest for the "${s.environment}" environment (${s.kind}): ${s.publicUrl}, version ${s.version}.
     Written by the npm script "manifest" from manifests/environments/${s.environment}.json: edit that file, not this one. -->
<OfficeApp xmlns="http://schemas.microsoft.com/office/appforoffice/1.1"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
           xmlns:bt="http://schemas.microsoft.com/office/officeappbasictypes/1.0"
           xmlns:ov="http://schemas.microsoft.com/office/taskpaneappversionoverrides"
           xsi:type="TaskPaneApp">
  <Id>${s.manifestId}</Id>
  <Version>${s.version}</Version>
  <ProviderName>${xml(s.providerName)}</ProviderName>
  <DefaultLocale>en-US</DefaultLocale>
  <DisplayName DefaultValue="${xml(s.displayName)}">
    <Override Locale="es-ES" Value="${xml(esDisplayName)}"/>${otherDisplayNames.map(([locale, name]) => `\n    <Override Locale="${locale}" Value="${xml(name)}"/>`).join('')}
  </DisplayName>
  <Description DefaultValue="${xml(en.description)}">
    <Override Locale="es-ES" Value="${xml(es.description)}"/>
  </Description>
  <IconUrl DefaultValue="${asset(32)}"/>
  <HighResolutionIconUrl DefaultValue="${asset(64)}"/>
  <SupportUrl DefaultValue="${xml(s.supportUrl)}"/>
  <AppDomains>
    <AppDomain>${s.publicUrl}</AppDomain>
  </AppDomains>
  <Hosts>
    <Host Name="Workbook"/>
  </Hosts>
  <Requirements>
    <Sets DefaultMinVersion="1.1">
      <Set Name="DialogApi" MinVersion="1.1"/>
    </Sets>
  </Requirements>
  <DefaultSettings>
    <SourceLocation DefaultValue="${taskpane}"/>
  </DefaultSettings>
  <Permissions>ReadDocument</Permissions>
  <VersionOverrides xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides" xsi:type="VersionOverridesV1_0">
    <Hosts>
      <Host xsi:type="Workbook">
        <DesktopFormFactor>
          <GetStarted>
            <Title resid="GetStarted.Title"/>
            <Description resid="GetStarted.Description"/>
            <LearnMoreUrl resid="GetStarted.LearnMoreUrl"/>
          </GetStarted>
          <ExtensionPoint xsi:type="PrimaryCommandSurface">
            <OfficeTab id="TabHome">
              <Group id="WorkbookSessions.Group">
                <Label resid="Group.Label"/>
                <Icon>
${icons('                  ')}
                </Icon>
                <Control xsi:type="Button" id="WorkbookSessions.ShowPane">
                  <Label resid="ShowPane.Label"/>
                  <Supertip>
                    <Title resid="ShowPane.Label"/>
                    <Description resid="ShowPane.Tooltip"/>
                  </Supertip>
                  <Icon>
${icons('                    ')}
                  </Icon>
                  <Action xsi:type="ShowTaskpane">
                    <TaskpaneId>WorkbookSessions.Pane</TaskpaneId>
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
${ICON_SIZES.map((size) => `        <bt:Image id="Icon.${size}x${size}" DefaultValue="${asset(size)}"/>`).join('\n')}
      </bt:Images>
      <bt:Urls>
        <bt:Url id="Taskpane.Url" DefaultValue="${taskpane}"/>
        <bt:Url id="GetStarted.LearnMoreUrl" DefaultValue="${xml(s.supportUrl)}"/>
      </bt:Urls>
      <bt:ShortStrings>
${string('GetStarted.Title', en.getStartedTitle, es.getStartedTitle)}
${string('Group.Label', en.groupLabel, es.groupLabel)}
${string('ShowPane.Label', en.buttonLabel, es.buttonLabel)}
      </bt:ShortStrings>
      <bt:LongStrings>
${string('GetStarted.Description', en.getStartedDescription, es.getStartedDescription)}
${string('ShowPane.Tooltip', en.buttonTooltip, es.buttonTooltip)}
      </bt:LongStrings>
    </Resources>
    <WebApplicationInfo>
      <Id>${s.clientId}</Id>
      <Resource>api://${host}/${s.clientId}</Resource>
      <Scopes>
${SCOPES.map((scope) => `        <Scope>${scope}</Scope>`).join('\n')}
      </Scopes>
    </WebApplicationInfo>
  </VersionOverrides>
</OfficeApp>
`;
}

module.exports = { renderManifest, SCOPES };
