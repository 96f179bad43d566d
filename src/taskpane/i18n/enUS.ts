import { locationText } from './locationText';
import { type Strings } from './Strings';

export const enUS: Strings = {
  appTitle: 'Workbook Sessions',
  pageTitle: 'Workbook Sessions',
  signedInAs: (name) => `Signed in as ${name}`,
  about: {
    title: 'What is a workbook session?',
    body: 'A session keeps a workbook open in Microsoft 365 for apps that work on it, so their changes go through quickly. Microsoft 365 ends a session after a few idle minutes; close it when you are done.',
    persistent: 'A persistent session saves changes to the file. A view-only session discards them when it ends.',
    dismiss: 'Got it',
  },
  currentWorkbookLabel: 'Current workbook',
  unsavedWorkbook: 'Save this workbook to OneDrive or SharePoint to open a session',
  waitingForExcel: 'Waiting for Excel…',
  unsupportedLocation: {
    personalOneDrive:
      'This workbook is in a personal OneDrive. Sessions work only with OneDrive for work or school and SharePoint: save a copy there to open one.',
    localFile:
      'This workbook is saved on this computer. Save it to OneDrive for work or school or SharePoint to open a session.',
  },
  persistLabel: 'Persistent (save changes)',
  openButton: 'Open session',
  openAnother: {
    warning: (name, count) =>
      count === 1
        ? `${name} already has an open session. Open another one?`
        : `${name} already has ${count} open sessions. Open another one?`,
    confirm: 'Open another',
    cancel: 'Cancel',
  },
  keepAliveLabel: 'Keep my sessions alive while this pane is open',
  keepAliveHint: 'Extends each open session shortly before Microsoft 365 would end it.',
  refreshButton: 'Refresh',
  sessionsHeading: 'Your sessions',
  loading: 'Loading your sessions…',
  signedOutList: 'The list appears here after you sign in.',
  emptyTitle: 'No open sessions',
  emptyBody: 'Sessions you open on your workbooks appear here.',
  row: {
    thisWorkbook: 'This workbook',
    ordinal: (n, of) => `Session ${n} of ${of}`,
    location: locationText,
    mode: { persistent: 'Persistent: changes are saved', viewOnly: "View-only: changes aren't saved" },
    opened: (relative) => `Opened ${relative}`,
    openedJustNow: 'Opened just now',
    expires: (relative) => `Expires ${relative}`,
    expired: 'Expired',
    opening: 'Opening…',
    closing: 'Closing…',
    refreshing: 'Extending…',
    closeLabel: (label) => `Close session on ${label}`,
    refreshLabel: (label) => `Extend the session on ${label}`,
    openInExcelLabel: (name) => `Open ${name} in Excel on the web`,
    duplicateLabel: (name, n, of) => `${name} (session ${n} of ${of})`,
  },
  announce: {
    loading: 'Loading your sessions…',
    listUpdated: (count) =>
      count === 0
        ? 'List updated: no sessions are open.'
        : count === 1
          ? 'List updated: 1 session.'
          : `List updated: ${count} sessions.`,
    opening: (name) => `Opening a session on ${name}…`,
    opened: (name) => `Session opened on ${name}`,
    closing: (label) => `Closing the session on ${label}…`,
    closed: (label) => `Session closed on ${label}`,
    alreadyGone: (label) => `The session on ${label} had already ended.`,
    refreshing: (label) => `Extending the session on ${label}…`,
    refreshed: (label, until) => `The session on ${label} stays open until at least ${until}.`,
    closingMany: (count) => `Closing ${count} sessions…`,
    closedMany: (count) => (count === 1 ? 'Closed 1 session.' : `Closed ${count} sessions.`),
    expiringSoon: (label) => `The session on ${label} expires in less than a minute.`,
    expired: (label) => `The session on ${label} expired. It's no longer listed.`,
    expiredMany: (count) => `${count} sessions expired. They're no longer listed.`,
  },
  alreadyGoneNotice: (label) => `The session on ${label} had already ended. It's no longer listed.`,
  closeAllButton: 'Close all sessions',
  closeAllDialog: {
    title: (count) => `Close all ${count} sessions?`,
    body: 'Each session ends in Microsoft 365. Changes already saved stay in the workbooks.',
    confirm: 'Close all',
    cancel: 'Cancel',
  },
  actions: { signIn: 'Sign in', tryAgain: 'Try again', dismiss: 'Dismiss' },
  signingIn: 'Signing in…',
};
