// eventReports/importReportFromUrl/{event}: a report made from a web page.
import { HttpError } from '../http.js';
import { now, touchEvent } from '../model/attributes.js';
import { insertReport, validateReport } from '../model/event-reports.js';
import { findVisibleEvent } from '../model/events.js';
import { htmlToMarkdown } from '../model/html-markdown.js';
import type { Route } from '../router.js';
import { readSetting } from '../settings.js';
import { fetchText, SourceError, syncOptions } from '../sync/source.js';
import type { RequestContext, Row } from '../types.js';
import { reportView } from './event-reports.js';
import { canModifyEvent } from './events.js';

/** The formats MISP hands to other enrichment modules (pdf_enrich, …) instead of html_to_markdown. */
const OTHER_FORMATS = /\.(pdf|xlsx|pptx|ods|odt|docx)$/;

/**
 * MISP asks its enrichment module html_to_markdown (misp-modules) to fetch the page and turn it into Markdown,
 * and saves that as a report named "Report from - <url> (<epoch>)" with distribution 5. A fresh MISP has no
 * enrichment enabled: every request with a URL then answers `[]` (HTTP 200), which is also its answer to any
 * failure (page not fetched, empty page). The sandbox plays the module itself once Plugin.Enrichment_services_enable
 * is on, reaching pages as it reaches feeds (loopback only unless the sandbox allows remote hosts, time-boxed,
 * size-limited); only HTML pages (no pdf, docx, … modules), and, unlike MISP, only on events the caller may modify.
 */
async function importReportFromUrl(ctx: RequestContext) {
  // A GET renders MISP's HTML form, which fails over the API.
  if (ctx.method !== 'POST') throw new HttpError(500, 'An Internal Error Has Occurred.');
  let body = ctx.body && typeof ctx.body === 'object' && !Array.isArray(ctx.body) ? (ctx.body as Row) : {};
  if (body.EventReport && typeof body.EventReport === 'object') body = body.EventReport as Row;
  const url = body.url;
  if (url === undefined || url === null || url === '' || url === false || url === 0 || url === '0')
    throw new HttpError(405, 'A URL must be provided');
  if (readSetting(ctx.db, 'Plugin.Enrichment_services_enable') !== true) return [];
  const text = String(url);
  const event = findVisibleEvent(ctx.db, ctx.user, ctx.args[0]);
  if (OTHER_FORMATS.test(text) || !event || !canModifyEvent(ctx, event)) return [];
  let content: string;
  try {
    content = htmlToMarkdown((await fetchText(text, syncOptions(ctx.db))).text);
  } catch (error) {
    if (error instanceof SourceError) return [];
    throw error;
  }
  if (content === '') return [];
  const draft = validateReport(ctx.db, ctx.user, {
    name: `Report from - ${text} (${now()})`,
    distribution: 5,
    content,
  });
  if (typeof draft === 'string') return [];
  const row = ctx.db.transaction(() => {
    const saved = insertReport(ctx.db, Number(event.id), draft);
    touchEvent(ctx.db, Number(event.id));
    return saved;
  })();
  return reportView(ctx, row, false);
}

export const eventReportImportRoutes: Route[] = [
  {
    controller: 'event_reports',
    action: 'importReportFromUrl',
    methods: ['GET', 'POST'],
    handler: importReportFromUrl,
  },
];
