import type { Handler, RequestContext } from './types.js';

export type Permission =
  | 'add'
  | 'modify'
  | 'publish'
  | 'tagger'
  | 'tag_editor'
  | 'sighting'
  | 'object_template'
  | 'site_admin';

export interface Route {
  controller: string;
  action: string;
  methods: string[];
  handler: Handler;
  /** MISP "automation" actions accept the API key whatever the Accept header says. */
  automation?: boolean;
  permission?: Permission;
  /**
   * MISP's existence check for `HEAD` on a view route (PyMISP's `*_exists()`): true answers a bare 200,
   * false a bare 404 — no body either way, and without building the view.
   */
  exists?: (ctx: RequestContext) => boolean;
}

/** A handler result with an explicit status and headers (plain objects mean 200 JSON). */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string | number> = {},
  ) {}
}

export interface ParsedPath {
  controller: string;
  action: string;
  args: string[];
  named: Record<string, string>;
  jsonSuffix: boolean;
  /** `/controller/action` in canonical spelling, for stats and faults. */
  canonical: string;
}

/** `sharingGroups` → `sharing_groups`; CakePHP accepts both spellings of a controller. */
export const snake = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
/** Actions are PHP method names, matched case-insensitively. */
export const actionKey = (name: string): string => name.replace(/_/g, '').toLowerCase();

/** Percent-decoding that leaves what is not a valid UTF-8 sequence as it is (as PHP does). */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** PHP's urldecode: `+` is a space, then percent-decoding. */
const urldecode = (text: string): string => percentDecode(text.replace(/\+/g, ' '));

export function parsePath(pathname: string): ParsedPath {
  let jsonSuffix = false;
  // MISP sees %2F (and %252F) as a path separator, so a named value holding an encoded slash is cut there and
  // its rest becomes another segment. It decodes each segment twice (percent-decoding, then PHP's urldecode):
  // `+` and `%2B` end up as spaces, `%252B` as a literal `+`, `%2525` as `%` (measured on MISP 2.5.1).
  const segments = pathname
    .replace(/%(?:25)?2f/gi, '/')
    .split('/')
    .filter(Boolean)
    .map((s) => {
      const segment = urldecode(percentDecode(s));
      if (segment.endsWith('.json')) {
        jsonSuffix = true;
        return segment.slice(0, -5);
      }
      return segment;
    });
  const named: Record<string, string> = {};
  const positional: string[] = [];
  for (const segment of segments) {
    const colon = segment.indexOf(':');
    if (colon > 0 && positional.length >= 2) named[segment.slice(0, colon)] = segment.slice(colon + 1);
    else positional.push(segment);
  }
  const controller = snake(positional[0] ?? '');
  const action = positional[1] ?? 'index';
  return {
    controller,
    action,
    args: positional.slice(2),
    named,
    jsonSuffix,
    canonical: `/${controller}/${action}`,
  };
}

export class Router {
  private readonly routes = new Map<string, Route[]>();

  add(route: Route): void {
    const key = `${route.controller}/${actionKey(route.action)}`;
    this.routes.set(key, [...(this.routes.get(key) ?? []), route]);
  }

  hasController(controller: string): boolean {
    for (const key of this.routes.keys()) if (key.startsWith(`${controller}/`)) return true;
    return false;
  }

  find(controller: string, action: string): Route[] {
    return this.routes.get(`${controller}/${actionKey(action)}`) ?? [];
  }
}
