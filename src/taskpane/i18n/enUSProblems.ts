import { type ProblemStrings } from './ProblemStrings';

const serviceUnsupported = "The add-in's service doesn't support this request. The add-in may need an update.";

export const enUSProblems: ProblemStrings = {
  problemTitle: {
    load: "Couldn't load your sessions",
    open: "Couldn't open a session",
    close: (label) => `Couldn't close the session on ${label}`,
    refresh: (label) => `Couldn't refresh the session on ${label}`,
    keepAlive: (label) => `Couldn't keep the session on ${label} alive`,
    closeAll: (count) => (count === 1 ? "Couldn't close 1 session" : `Couldn't close ${count} sessions`),
  },
  apiErrors: {
    missingToken: "Office didn't provide a sign-in token. Reload the add-in.",
    invalidToken:
      "The add-in's service didn't accept your sign-in. Reload the add-in; if this keeps happening, contact your administrator.",
    unauthorizedClient:
      "The add-in's service doesn't accept sign-ins from the app that signed you in. Contact your administrator.",
    tokenExpired: 'Your sign-in expired. Reload the add-in to sign in again.',
    claimsChallenge:
      'Your organization requires an extra sign-in step, such as multifactor authentication. Reload the add-in to complete it.',
    consentRequired: "This add-in isn't allowed to use your files. Ask your administrator to grant consent.",
    workbookAccessDenied:
      "You don't have permission to open this workbook in Microsoft 365. Ask its owner to share it with you.",
    invalidRequest: 'The request was not valid. Reload the add-in.',
    sessionNotFound: 'This session no longer exists. Select Refresh to update the list.',
    workbookNotFound:
      "The workbook wasn't found. Check that it's saved in OneDrive for work or school or in SharePoint.",
    unsupportedWorkbook:
      "Sessions can't be opened on this file. Only .xlsx workbooks in OneDrive for work or school or SharePoint are supported.",
    sessionExpired: 'The session has already ended. Open a new one.',
    workbookBusy: "Someone else is using this workbook, or it's locked for editing.",
    sessionLost:
      'Microsoft 365 lost this session. Open a new session; the lost one ends by itself within a few minutes.',
    payloadTooLarge: 'The request was too large. Reload the add-in.',
    rateLimited: 'Too many requests in a short time.',
    upstreamUnavailable: "Microsoft 365 isn't responding right now.",
    upstreamError: 'Microsoft 365 sent an unexpected answer.',
    serviceUnavailable: "The add-in's service is briefly unavailable. Nothing was changed.",
    requestTimeout: "The request took too long to reach the add-in's service. Check your connection.",
    serverMisconfigured: "The add-in's service isn't set up correctly. Contact your administrator.",
    internalError: "Something went wrong in the add-in's service.",
    notImplemented: "This action isn't available yet.",
    routeNotFound: serviceUnsupported,
    methodNotAllowed: serviceUnsupported,
    unsupportedMediaType: serviceUnsupported,
    networkError: "Couldn't reach the add-in's service. Check your connection.",
    invalidResponse: "The add-in's service sent an answer the add-in doesn't understand.",
  },
  retryAfter: (time) => `You can try again after ${time}.`,
  sso: {
    signInRequired: 'Sign in to Office to use this add-in.',
    signInCancelled: 'Sign-in was canceled. Select Sign in to try again.',
    restartBrowser: "Office couldn't sign you in. Sign out of Office, close all browser windows, and try again.",
    retry: 'Another sign-in request was still in progress. Try again.',
    browserSecurityZones:
      'Your browser security settings blocked sign-in. Put your Microsoft 365 site and login.microsoftonline.com in the same security zone, then try again.',
    throttled: 'Office received too many sign-in requests. Wait a minute and try again.',
    addInMisconfigured: "The add-in's manifest isn't set up correctly for sign-in. Contact your administrator.",
  },
  ssoUnavailableTitle: "Single sign-on isn't available",
  ssoUnavailableReasons: {
    officeUnsupported: "This version of Office, or this add-in's configuration, doesn't support single sign-on.",
    accountTypeUnsupported: "Your account type isn't supported. Sign in to Office with a work or school account.",
    notAuthorized: "Office isn't authorized to sign you in to this add-in, or consent was revoked.",
    tokenUnavailable: "Office couldn't get a sign-in token for the add-in's service.",
    platformOrConsent:
      "Single sign-on isn't supported on this platform, or your administrator hasn't given the add-in access to Microsoft Graph.",
    officeOutdated:
      'Office is too old for single sign-on, or an old copy of its script is cached. Update Office or clear the browser cache.',
    unknown: 'Office reported an unexpected sign-in error.',
  },
  ssoFallbackMissing: "This add-in can't sign you in another way yet.",
  unexpectedError: 'Something unexpected went wrong in the add-in.',
  details: {
    summary: 'Details',
    code: (code) => `Error code: ${code}`,
    requestId: (id) => `Request ID: ${id}`,
    time: (time) => `Time: ${time}`,
    copy: 'Copy details',
    copied: 'Details copied',
  },
  notInOfficeTitle: 'Open this add-in in Excel',
  notInOffice: {
    officeJsMissing:
      "Office's JavaScript library couldn't be loaded. Check your connection, then open the add-in again from Excel.",
    noHost:
      'This page is the Workbook Sessions add-in for Excel. It works only inside Excel: open it from the ribbon in Excel.',
    noAuthApi:
      "This version of Office doesn't support single sign-on, which this add-in needs. Update Office and try again.",
    timeout: "Office didn't respond. Close the add-in and open it again.",
  },
};
