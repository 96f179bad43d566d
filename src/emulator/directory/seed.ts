/**
 * The demo tenant the emulator starts with (and returns to on reset): Contoso, two users and
 * three workbooks. Ids follow the shapes Graph uses (driveId `b!…`, itemId `01` + 32 base32
 * characters) so clients meet realistic values. Access rule (DEVIATIONS.md): team-site files
 * are open to every user; OneDrive files only to their owner.
 */
import { LOCAL_MODE } from '../../shared/localMode';

export type DisplayLanguage = 'en-US' | 'es-ES';
export const DISPLAY_LANGUAGES: readonly DisplayLanguage[] = ['en-US', 'es-ES'];

export interface UserRecord {
  oid: string;
  displayName: string;
  upn: string;
  preferredLanguage: DisplayLanguage;
}

export type DriveType = 'business' | 'documentLibrary';

export interface WorkbookRecord {
  driveId: string;
  itemId: string;
  name: string;
  /** The document URL as Office reports it (`Office.context.document.url`): spaces unescaped. */
  webUrl: string;
  /** Path from the drive's root (`/me/drive/root:{drivePath}:`); a OneDrive's root is its `Documents` library. */
  drivePath: string;
  size: number;
  driveType: DriveType;
  /** `null`: a team-site file every user of the tenant can open; otherwise the owner's oid. */
  ownerOid: string | null;
}

export interface TenantSeed {
  tenantId: string;
  displayName: string;
  users: UserRecord[];
  workbooks: WorkbookRecord[];
}

export const SEED_USERS = {
  megan: { oid: '4b3c2a19-7d6e-4f5a-9b8c-1d2e3f4a5b6c', displayName: 'Megan Bowen', upn: 'megan@contoso.onmicrosoft.com', preferredLanguage: 'en-US' },
  ana: { oid: '9e8d7c6b-5a49-4c3d-8e2f-1a0b9c8d7e6f', displayName: 'Ana García', upn: 'ana@contoso.onmicrosoft.com', preferredLanguage: 'es-ES' },
} as const satisfies Record<string, UserRecord>;

const FINANZAS_DRIVE = 'b!Xk3pQ9rT0UeYw7ZbN2cLmA5sHfGdJ1oVuI8yKx4nC6tEzRqW-lPaB0MvSjDhFgT3';
const MEGAN_DRIVE = 'b!mR7vL2xQ9kTnB4yZ8wPcJ0sHdG6fA1oEuI3tKx5nC_aEzRqW-lPaB0MvSjDhFgU9';
const ANA_DRIVE = 'b!pN4wK8zR1jUmC6xY3vQbH9tGeF2dB0nDiO7sLy5mA_bFyTpX-kQaC1NwRiEgHhV2';
const VENTAS_DRIVE = 'b!tQ8xM3vW6nZpD1rY5kLcF7gHjB2sA9eUoI4wNy0mC_cGzRpX-mTaD2OwSjFhIgK5';
const OPERATIONS_DRIVE = 'b!Lw2nV7bX4qPzK9tR1mYcH6fDgJ3sE8aUiO5yMx0nB-dHzSqW-nUaE3PvTkGiJhL8';

export const SEED_WORKBOOKS = {
  presupuesto: {
    driveId: FINANZAS_DRIVE,
    itemId: '01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K',
    name: 'Presupuesto 2027.xlsx',
    webUrl: 'https://contoso.sharepoint.com/sites/Finanzas/Documentos compartidos/Presupuesto 2027.xlsx',
    drivePath: '/Presupuesto 2027.xlsx',
    size: 48213,
    driveType: 'documentLibrary',
    ownerOid: null,
  },
  forecast: {
    driveId: MEGAN_DRIVE,
    itemId: '01NKDM7HMOJTVYMDOSXFDK2QJDXCDI3WUK',
    name: 'Q3 Forecast.xlsx',
    webUrl: 'https://contoso-my.sharepoint.com/personal/megan_contoso_onmicrosoft_com/Documents/Q3 Forecast.xlsx',
    drivePath: '/Q3 Forecast.xlsx',
    size: 31877,
    driveType: 'business',
    ownerOid: SEED_USERS.megan.oid,
  },
  gastos: {
    driveId: ANA_DRIVE,
    itemId: '01QXZ4GWCLKJ2FAXDMIREZ7VHNXRYOBQ3T',
    name: 'Gastos de viaje.xlsx',
    webUrl: 'https://contoso-my.sharepoint.com/personal/ana_contoso_onmicrosoft_com/Documents/Gastos de viaje.xlsx',
    drivePath: '/Gastos de viaje.xlsx',
    size: 20544,
    driveType: 'business',
    ownerOid: SEED_USERS.ana.oid,
  },
  ventas: {
    driveId: VENTAS_DRIVE,
    itemId: '01WYUMLBLZNDVDRPMZJCQ7AEQYFPN37FTM',
    name: 'Ventas 2026 T4.xlsx',
    webUrl: 'https://contoso.sharepoint.com/sites/Ventas/Documentos compartidos/Ventas 2026 T4.xlsx',
    drivePath: '/Ventas 2026 T4.xlsx',
    size: 96342,
    driveType: 'documentLibrary',
    ownerOid: null,
  },
  inventario: {
    driveId: OPERATIONS_DRIVE,
    itemId: '01N2VCL4ZRAVH2JAQJ777F3LQOPUMODPE5',
    name: 'Inventario almacén.xlsx',
    webUrl: 'https://contoso.sharepoint.com/sites/Operaciones/Shared Documents/Inventario almacén.xlsx',
    drivePath: '/Inventario almacén.xlsx',
    size: 154870,
    driveType: 'documentLibrary',
    ownerOid: null,
  },
  headcount: {
    driveId: OPERATIONS_DRIVE,
    itemId: '01EDDHYLRKJAFX7GG5WNMBULUMCNEG2SFK',
    name: 'Headcount Plan FY27.xlsx',
    webUrl: 'https://contoso.sharepoint.com/sites/Operaciones/Shared Documents/Planning/Headcount Plan FY27.xlsx',
    drivePath: '/Planning/Headcount Plan FY27.xlsx',
    size: 27615,
    driveType: 'documentLibrary',
    ownerOid: null,
  },
} as const satisfies Record<string, WorkbookRecord>;

/** A fresh copy every time, so a reset never shares objects with the running state. */
export function contosoSeed(tenantId: string = LOCAL_MODE.tenantId): TenantSeed {
  return {
    tenantId,
    displayName: 'Contoso',
    users: Object.values(SEED_USERS).map((u) => ({ ...u })),
    workbooks: Object.values(SEED_WORKBOOKS).map((w) => ({ ...w })),
  };
}
