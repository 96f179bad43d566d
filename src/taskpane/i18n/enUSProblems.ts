import { type ProblemStrings } from './ProblemStrings';

export const enUSProblems: ProblemStrings = {
  problemTitle: {
    load: "Couldn't load your sessions",
    open: "Couldn't open a session",
    close: (label) => `Couldn't close the session on ${label}`,
    refresh: (label) => `Couldn't extend the session on ${label}`,
    keepAlive: (label) => `Couldn't keep the session on ${label} alive`,
    closeAll: (count) => (count === 1 ? "Couldn't close 1 session" : `Couldn't close ${count} sessions`),
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
