import { locationText } from './locationText';
import { type Strings } from './Strings';

/** "Sesión de libro" throughout, as in the product's name "Sesiones de libro": a bare "cerrar sesión" reads as signing out. */
export const esES: Strings = {
  appTitle: 'Sesiones de libro',
  pageTitle: 'Sesiones de libro',
  signedInAs: (name) => `Ha iniciado sesión como ${name}`,
  about: {
    title: '¿Qué es una sesión de libro?',
    body: 'Una sesión de libro mantiene un libro abierto en Microsoft 365 para las aplicaciones que trabajan con él, de modo que sus cambios se aplican con rapidez. Microsoft 365 la cierra tras unos minutos de inactividad; ciérrela usted cuando termine.',
    persistent:
      'Una sesión persistente guarda los cambios en el archivo. Una sesión de solo lectura los descarta al terminar.',
    dismiss: 'Entendido',
  },
  currentWorkbookLabel: 'Libro actual',
  unsavedWorkbook: 'Guarde este libro en OneDrive o SharePoint para abrir una sesión de libro',
  waitingForExcel: 'Esperando a Excel…',
  unsupportedLocation: {
    personalOneDrive:
      'Este libro está en un OneDrive personal. Las sesiones de libro solo funcionan con OneDrive para el trabajo o la escuela y SharePoint: guarde allí una copia para abrir una.',
    localFile:
      'Este libro está guardado en este equipo. Guárdelo en OneDrive para el trabajo o la escuela o en SharePoint para abrir una sesión de libro.',
  },
  persistLabel: 'Persistente (guardar cambios)',
  openButton: 'Abrir sesión de libro',
  openAnother: {
    warning: (name, count) =>
      count === 1
        ? `${name} ya tiene una sesión de libro abierta. ¿Quiere abrir otra?`
        : `${name} ya tiene ${count} sesiones de libro abiertas. ¿Quiere abrir otra?`,
    confirm: 'Abrir otra',
    cancel: 'Cancelar',
  },
  keepAliveLabel: 'Mantener activas mis sesiones de libro mientras este panel esté abierto',
  keepAliveHint: 'Prolonga cada sesión de libro abierta poco antes de que Microsoft 365 la cierre.',
  refreshButton: 'Actualizar',
  sessionsHeading: 'Sus sesiones de libro',
  loading: 'Cargando sus sesiones de libro…',
  signedOutList: 'La lista aparecerá aquí cuando inicie sesión.',
  emptyTitle: 'No hay sesiones de libro abiertas',
  emptyBody: 'Las sesiones de libro que abra en sus libros aparecerán aquí.',
  row: {
    thisWorkbook: 'Este libro',
    ordinal: (n, of) => `Sesión ${n} de ${of}`,
    location: locationText,
    mode: { persistent: 'Persistente: los cambios se guardan', viewOnly: 'Solo lectura: los cambios no se guardan' },
    opened: (relative) => `Abierta ${relative}`,
    openedJustNow: 'Abierta hace un momento',
    expires: (relative) => `Caduca ${relative}`,
    expired: 'Caducada',
    opening: 'Abriéndose…',
    closing: 'Cerrándose…',
    refreshing: 'Prolongándose…',
    closeLabel: (label) => `Cerrar la sesión de libro en ${label}`,
    refreshLabel: (label) => `Prolongar la sesión de libro en ${label}`,
    openInExcelLabel: (name) => `Abrir ${name} en Excel para la Web`,
    duplicateLabel: (name, n, of) => `${name} (sesión ${n} de ${of})`,
  },
  announce: {
    loading: 'Cargando sus sesiones de libro…',
    listUpdated: (count) =>
      count === 0
        ? 'Lista actualizada: ninguna sesión de libro abierta.'
        : count === 1
          ? 'Lista actualizada: 1 sesión de libro.'
          : `Lista actualizada: ${count} sesiones de libro.`,
    opening: (name) => `Abriendo una sesión de libro en ${name}…`,
    opened: (name) => `Sesión de libro abierta en ${name}`,
    closing: (label) => `Cerrando la sesión de libro en ${label}…`,
    closed: (label) => `Sesión de libro cerrada en ${label}`,
    alreadyGone: (label) => `La sesión de libro en ${label} ya había terminado.`,
    refreshing: (label) => `Prolongando la sesión de libro en ${label}…`,
    refreshed: (label, until) => `La sesión de libro en ${label} seguirá abierta al menos hasta las ${until}.`,
    closingMany: (count) => `Cerrando ${count} sesiones de libro…`,
    closedMany: (count) => (count === 1 ? 'Se cerró 1 sesión de libro.' : `Se cerraron ${count} sesiones de libro.`),
    expiringSoon: (label) => `La sesión de libro en ${label} caduca en menos de un minuto.`,
    expired: (label) => `La sesión de libro en ${label} ha caducado. Ya no aparece en la lista.`,
    expiredMany: (count) => `Han caducado ${count} sesiones de libro. Ya no aparecen en la lista.`,
  },
  alreadyGoneNotice: (label) => `La sesión de libro en ${label} ya había terminado. Ya no aparece en la lista.`,
  closeAllButton: 'Cerrar todas las sesiones de libro',
  closeAllDialog: {
    title: (count) => `¿Cerrar las ${count} sesiones de libro?`,
    body: 'Cada sesión de libro termina en Microsoft 365. Los cambios ya guardados se conservan en los libros.',
    confirm: 'Cerrar todas',
    cancel: 'Cancelar',
  },
  actions: { signIn: 'Iniciar sesión', tryAgain: 'Reintentar', dismiss: 'Descartar' },
  signingIn: 'Iniciando sesión…',
};
