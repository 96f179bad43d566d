/**
 * Headers every Graph answer carries, errors included, as captured from graph.microsoft.com
 * (https://github.com/skilion/onedrive/issues/356 shows a full set): `x-ms-ags-diagnostic`,
 * which Microsoft asks clients to log with `request-id` and the date when they report a problem
 * (https://learn.microsoft.com/en-us/graph/best-practices-concept#reliability-and-support),
 * `Strict-Transport-Security`, `Cache-Control` and `OData-Version`. The diagnostic names the
 * emulator instead of a data centre.
 */
export const GRAPH_DIAGNOSTIC = JSON.stringify({
  ServerInfo: { DataCenter: 'Local Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'LOCAL-EMULATOR' },
});

export const GRAPH_RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'x-ms-ags-diagnostic': GRAPH_DIAGNOSTIC,
  'strict-transport-security': 'max-age=31536000',
  'cache-control': 'private',
  'odata-version': '4.0',
};
