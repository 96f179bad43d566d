/**
 * The directory the emulator starts with (and returns to on reset): two tenants. Contoso (the
 * configured tenant) has two users and six workbooks; Fabrikam, a second tenant of the same
 * multi-tenant app registration, has one user and one workbook. Ids follow the shapes Graph
 * uses (driveId `b!…`, itemId `01` + 32 base32 characters, a GUID per file for SharePoint's
 * `Doc.aspx?sourcedoc=` links) so clients meet realistic values.
 *
 * Who may open a file: its owner (OneDrive files), plus `sharedWith`: `'tenant'` for every
 * user of the file's tenant (a team site everyone belongs to), or a list of user oids (a file
 * shared with those people, or a site only they belong to). Tests change it at run time
 * through `POST /_emulator/workbooks/{itemId}/access`.
 */
import { LOCAL_MODE } from '../../shared/localMode';

export type DisplayLanguage = 'en-US' | 'es-ES';
export const DISPLAY_LANGUAGES: readonly DisplayLanguage[] = ['en-US', 'es-ES'];

export interface UserSeed {
  oid: string;
  displayName: string;
  upn: string;
  preferredLanguage: DisplayLanguage;
}

export interface UserRecord extends UserSeed {
  tenantId: string;
}

export type DriveType = 'business' | 'documentLibrary';

/** Everyone in the file's tenant, or exactly these users (besides the owner). */
export type Sharing = 'tenant' | readonly string[];

export interface WorkbookSeed {
  driveId: string;
  itemId: string;
  name: string;
  /** The document URL as Office reports it (`Office.context.document.url`): spaces unescaped. */
  webUrl: string;
  /** Path from the drive's root (`/me/drive/root:{drivePath}:`); a OneDrive's root is its `Documents` library. */
  drivePath: string;
  size: number;
  driveType: DriveType;
  /** `null`: a team-site file; otherwise the oid of the OneDrive's owner. */
  ownerOid: string | null;
  /** Who may open it besides the owner. */
  sharedWith: Sharing;
  /** SharePoint's unique id of the file (the `sourcedoc` of Graph's `Doc.aspx` webUrl), upper-case GUID. */
  uniqueId: string;
}

export interface WorkbookRecord extends WorkbookSeed {
  tenantId: string;
}

export interface TenantSeed {
  tenantId: string;
  displayName: string;
  users: UserSeed[];
  workbooks: WorkbookSeed[];
}

/** Every tenant the emulator plays; the first is the configured (home) one. */
export interface DirectorySeed {
  tenants: TenantSeed[];
}

export const SEED_USERS = {
  megan: {
    oid: '4b3c2a19-7d6e-4f5a-9b8c-1d2e3f4a5b6c',
    displayName: 'Megan Bowen',
    upn: 'megan@contoso.onmicrosoft.com',
    preferredLanguage: 'en-US',
  },
  ana: {
    oid: '9e8d7c6b-5a49-4c3d-8e2f-1a0b9c8d7e6f',
    displayName: 'Ana García',
    upn: 'ana@contoso.onmicrosoft.com',
    preferredLanguage: 'es-ES',
  },
} as const satisfies Record<string, UserSeed>;

const FINANZAS_DRIVE = 'b!Xk3pQ9rT0UeYw7ZbN2cLmA5sHfGdJ1oVuI8yKx4nC6tEzRqW-lPaB0MvSjDhFgT3';
const MEGAN_DRIVE = 'b!mR7vL2xQ9kTnB4yZ8wPcJ0sHdG6fA1oEuI3tKx5nC_aEzRqW-lPaB0MvSjDhFgU9';
const ANA_DRIVE = 'b!pN4wK8zR1jUmC6xY3vQbH9tGeF2dB0nDiO7sLy5mA_bFyTpX-kQaC1NwRiEgHhV2';
const VENTAS_DRIVE = 'b!tQ8xM3vW6nZpD1rY5kLcF7gHjB2sA9eUoI4wNy0mC_cGzRpX-mTaD2OwSjFhIgK5';
const BOARD_DRIVE = 'b!Qz5rN8cV2xLmT7pW4kYbG1sJdH9fE3aUoI6yMx0nC-fJzSqW-rVaG5RwUmIjKlN4';
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
    sharedWith: 'tenant',
    uniqueId: '5B0E6A21-8C3D-4F7A-9E12-3D4C5B6A7F80',
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
    sharedWith: [],
    uniqueId: 'A7C4D2E1-3B5F-4A69-8D0E-1F2A3B4C5D6E',
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
    sharedWith: [],
    uniqueId: 'C3D9E8F7-6A5B-4C3D-9E2F-1A0B9C8D7E6F',
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
    sharedWith: 'tenant',
    uniqueId: 'E1F2A3B4-C5D6-4E7F-8091-A2B3C4D5E6F7',
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
    sharedWith: 'tenant',
    uniqueId: '0F1E2D3C-4B5A-4968-8776-A5B4C3D2E1F0',
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
    sharedWith: 'tenant',
    uniqueId: '9A8B7C6D-5E4F-4A3B-8C2D-1E0F9A8B7C6D',
  },
  /** Megan's OneDrive file she shared with Ana: Ana opens it through its URL or ids, not through her own /me/drive. */
  plan: {
    driveId: MEGAN_DRIVE,
    itemId: '01NKDM7HNQZ6XK3WVBFZHZ4YGLPUJ2TQAM',
    name: 'Plan de proyecto.xlsx',
    webUrl: 'https://contoso-my.sharepoint.com/personal/megan_contoso_onmicrosoft_com/Documents/Plan de proyecto.xlsx',
    drivePath: '/Plan de proyecto.xlsx',
    size: 18930,
    driveType: 'business',
    ownerOid: SEED_USERS.megan.oid,
    sharedWith: [SEED_USERS.ana.oid],
    uniqueId: '2D4F6A8C-1B3E-4D5F-9A7C-0E2B4D6F8A1C',
  },
  /** A team site only Megan belongs to: Ana knows the URL but gets 403. */
  board: {
    driveId: BOARD_DRIVE,
    itemId: '01R5TXQ3ZK7BWM4NDYHFC2EPJ6LGUAVS5X',
    name: 'Board minutes.xlsx',
    webUrl: 'https://contoso.sharepoint.com/sites/Board/Shared Documents/Board minutes.xlsx',
    drivePath: '/Board minutes.xlsx',
    size: 12044,
    driveType: 'documentLibrary',
    ownerOid: null,
    sharedWith: [SEED_USERS.megan.oid],
    uniqueId: '7E9C1A3B-5D2F-4B8E-A6C4-2F0D8B6E4A2C',
  },
} as const satisfies Record<string, WorkbookSeed>;

/** The second tenant: same multi-tenant app registration, its own users and files. */
export const FABRIKAM_TENANT_ID = '3c9d5e7f-2a4b-4c6d-9e0f-1a2b3c4d5e6f';

export const FABRIKAM_USERS = {
  diego: {
    oid: 'd1e2f3a4-b5c6-4d7e-8f90-a1b2c3d4e5f6',
    displayName: 'Diego Siciliani',
    upn: 'diego@fabrikam.onmicrosoft.com',
    preferredLanguage: 'en-US',
  },
} as const satisfies Record<string, UserSeed>;

export const FABRIKAM_WORKBOOKS = {
  orders: {
    driveId: 'b!Fa8kQ2mW7nRzT4pY1vXcL9sHdG3fB6oEuJ0tKx5nC_eGzRpX-qUaF4QwVlHiKjM7',
    itemId: '01FABKQ7WZ3NVXRPMYLDH4CJQG6TU2ES5B',
    name: 'Orders 2027.xlsx',
    webUrl: 'https://fabrikam.sharepoint.com/sites/Sales/Shared Documents/Orders 2027.xlsx',
    drivePath: '/Orders 2027.xlsx',
    size: 40210,
    driveType: 'documentLibrary',
    ownerOid: null,
    sharedWith: 'tenant',
    uniqueId: 'B4D6F8A0-2C4E-4F6A-8B0D-2E4F6A8C0E2A',
  },
} as const satisfies Record<string, WorkbookSeed>;

const copyWorkbook = (w: WorkbookSeed): WorkbookSeed => ({
  ...w,
  sharedWith: w.sharedWith === 'tenant' ? 'tenant' : [...w.sharedWith],
});

/** Contoso alone (the home tenant), a fresh copy every time. */
function contosoSeed(tenantId: string = LOCAL_MODE.tenantId): TenantSeed {
  return {
    tenantId,
    displayName: 'Contoso',
    users: Object.values(SEED_USERS).map((u) => ({ ...u })),
    workbooks: Object.values(SEED_WORKBOOKS).map(copyWorkbook),
  };
}

function fabrikamSeed(): TenantSeed {
  return {
    tenantId: FABRIKAM_TENANT_ID,
    displayName: 'Fabrikam',
    users: Object.values(FABRIKAM_USERS).map((u) => ({ ...u })),
    workbooks: Object.values(FABRIKAM_WORKBOOKS).map(copyWorkbook),
  };
}

/** The whole directory, a fresh copy every time, so a reset never shares objects with the running state. */
export function directorySeed(homeTenantId: string = LOCAL_MODE.tenantId): DirectorySeed {
  return { tenants: [contosoSeed(homeTenantId), fabrikamSeed()] };
}
