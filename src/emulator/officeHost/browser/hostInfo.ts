/**
 * The `_host_Info` value the emulated Excel on the web gives office.js (in the framed page's
 * query): `$`-separated host type, platform, host version, UI locale, correlation id, dialog
 * flag, logging flag and flags, as office.js's published debug files read it. office.js picks
 * `excel-web-16.00.js` from `Excel$Web$16.01…`. Logging is off: the emulated host has no
 * telemetry collector, and office.js then loads no telemetry script.
 */
import { EXCEL_WEB_HOST_VERSION } from './appContext';

export interface HostInfoChoices {
  displayLanguage: string;
  correlationId: string;
  isDialog?: boolean;
}

export function buildHostInfo(choices: HostInfoChoices): string {
  return [
    'Excel',
    'Web',
    EXCEL_WEB_HOST_VERSION,
    choices.displayLanguage,
    choices.correlationId,
    choices.isDialog === true ? 'isDialog' : '',
    'disableLogging',
    '0',
  ].join('$');
}
