import { HttpError } from '../http.js';
import { ATTACHMENT_TYPES, attachmentBytes, downloadHeaders } from '../model/attachments.js';
import { isUuid } from '../model/attributes.js';
import type { Route } from '../router.js';
import { RawReply } from '../search/export.js';
import type { RequestContext } from '../types.js';
import { findVisibleAttribute } from './attributes.js';

const NOT_DOWNLOADABLE = 'Attribute does not exist or you do not have the permission to download this attribute.';

/**
 * attributes/download/{id}: the stored file, raw, as an attachment named after the attribute's value (a
 * malware sample's as `<name>.zip`, application/zip). An unknown attribute, one the caller may not see and one
 * that is not a file are all MISP's 401; an attachment saved without `data` has no file (404).
 */
function download(ctx: RequestContext) {
  const ref = ctx.args[0];
  if (ref === undefined || !(/^\d+$/.test(ref) || isUuid(ref))) throw new HttpError(404, 'Invalid attribute ID.');
  const attribute = findVisibleAttribute(ctx, ref);
  if (!attribute || !ATTACHMENT_TYPES.has(String(attribute.type))) throw new HttpError(401, NOT_DOWNLOADABLE);
  const bytes = attachmentBytes(ctx.db, Number(attribute.id));
  if (!bytes) throw new HttpError(404, 'The file of this attribute was not found.');
  const { filename, contentType } = downloadHeaders(String(attribute.type), String(attribute.value1));
  return new RawReply(200, bytes, {
    'Content-Type': contentType,
    'Content-Disposition': `attachment; filename="${filename.replace(/["\\\r\n]/g, '_')}"`,
    'Content-Transfer-Encoding': 'binary',
    'Accept-Ranges': 'bytes',
  });
}

export const attachmentRoutes: Route[] = [
  { controller: 'attributes', action: 'download', methods: ['GET', 'POST'], handler: download },
];
