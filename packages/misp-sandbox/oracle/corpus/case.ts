// One request of the corpus, and what the cases share: ids that exist nowhere, and lookups of what earlier
// cases created (`saved`, one map per side, since ids may differ between the sides).
import type { Actor, Json } from '../http.js';

/** Bodies saved by earlier cases (`save`), one map per side. */
export type Saved = Record<string, Json>;

export interface Case {
  /** `<operationId>: what is sent`; unique and stable (the allow-list and the report use it). */
  name: string;
  method: 'GET' | 'POST' | 'HEAD' | 'DELETE';
  path: string | ((saved: Saved) => string);
  /** Sent as JSON; a string is sent as it is (to send broken JSON). */
  body?: unknown | ((saved: Saved) => unknown);
  /** Default `admin`. */
  as?: Actor;
  /**
   * Sent with the key of a user an earlier case created (`saved.publisher.User.authkey`), instead of `as`:
   * for users of every default role and of other organisations, which prepare.ts does not make.
   */
  asKey?: (saved: Saved) => string | undefined;
  /** Headers to send instead of the defaults (JSON Accept and Content-Type, the key). */
  headers?: Record<string, string>;
  /** Keep the parsed answer under this name for later cases. */
  save?: string;
  /** JSON paths (`[]` for any index) of arrays whose order MISP does not define. */
  unordered?: string[];
  /** Sent to both and checked against the contract, but not compared, for this reason. */
  notComparable?: string;
  /** A request the contract does not describe (a wrong method): compared, but not checked against the spec. */
  outsideContract?: true;
  /** This case creates starting data: both sides must answer 200 or the run stops. */
  setup?: true;
  /**
   * Sent to the oracle only, to give it state the sandbox has built in (reason given); it must answer 200,
   * and it is neither compared nor reported as a case.
   */
  oracleOnly?: string;
  /** The oracle queues a background job for the event saved under `event`; the runner runs it (hooks). */
  queuesJob?: { kind: 'publish'; event: string };
  /** Compares the effect of a queued job: not comparable when the job could not be run. */
  needsJob?: true;
  /**
   * The oracle queues a feed or sync job (a fetch, a cache, a pull) of this MISP job type; the runner runs it
   * with MISP's `Server` console command and these arguments (the job id is appended), as a worker would.
   */
  queuesServerJob?: { jobType: string; args: (saved: Saved) => string[] };
}

export const NO_UUID = '00000000-0000-4000-8000-000000000000';
export const MISSING = '999999';
/** Objects carry their template's description, as PyMISP sends it (the oracle has no templates loaded). */
export const DOMAIN_IP = 'A domain and its IP addresses.';

export const id = (saved: Saved, name: string, envelope: string) => String(saved[name]?.[envelope]?.id ?? MISSING);
export const uuid = (saved: Saved, name: string, envelope: string) => String(saved[name]?.[envelope]?.uuid ?? NO_UUID);
export const eventId = (s: Saved, name = 'main') => id(s, name, 'Event');
export const attributeId = (s: Saved, name = 'md5') => id(s, name, 'Attribute');
export const objectId = (s: Saved, name = 'object') => id(s, name, 'Object');

/**
 * The event index is sorted by timestamp, newest first; events saved within the same second tie, and MISP
 * leaves ties in no particular order. The starting events all tie, so they are matched by their title.
 */
export const EVENT_INDEX = ['$ by info', '$[].EventTag'];
/** Event tags and attribute tags: MISP returns them in attach order, but says nothing about it. */
export const TAG_LISTS = ['$.Event.Tag', '$.Event.Attribute[].Tag', '$.Attribute.Tag', '$.response.Attribute[].Tag'];
