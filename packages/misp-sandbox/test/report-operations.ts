// The operations test/event-reports.test.ts and test/analyst-data.test.ts exercise and check against the
// contract; test/contract.test.ts leaves them to those files.
export const REPORT_OPERATIONS = [
  'addEventReport',
  'getEventReport',
  'editEventReport',
  'deleteEventReport',
  'hardDeleteEventReport',
  'deleteEventReportWithHardFlag',
  'restoreEventReport',
  'listEventReports',
  'listEventReportsGet',
  'addAnalystData',
  'getAnalystData',
  'editAnalystData',
  'deleteAnalystData',
  'listAnalystData',
];
