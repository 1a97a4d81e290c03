// events/freeTextImport: a defanged threat report typed value by value, saving (at most five values per
// request, which MISP saves during the request; larger imports it queues for a worker that the oracle does not
// have), warninglists, distribution, the wrapped and JSON bodies, and the errors.
import { type Case, eventId, MISSING, type Saved } from './case.js';

const event = (s: Saved) => eventId(s, 'freeText');
const path = (s: Saved) => `/events/freeTextImport/${event(s)}`;
const listsPath = (s: Saved) => `/events/freeTextImport/${eventId(s, 'freeTextLists')}`;
/**
 * Which warninglists the oracle applies when it saves is not its own: MISP caches the enabled lists and their
 * entries in Redis under fixed keys, and every oracle on the machine shares that Redis.
 */
const SHARED_CACHE = 'the oracle filters on the warninglist cache every MISP on this machine shares in Redis';

/** A report paragraph with defanged indicators of most kinds the parser knows. */
const REPORT =
  'The actor used hxxps://evil-cdn[.]com/payload.exe and 185.220.101[.]4:8443, mail admin[@]bad-mail.ru or ' +
  'ops[at]bad-mail.ru, CVE-2021-44444 and as13335. Dropper d41d8cd98f00b204e9800998ecf8427e (setup.exe) and ' +
  'sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 beaconed to c2.evil[.]xyz, ' +
  'www.freetext-oracle.co.uk:8080 and 2001:db8::7; "10.0.0.0/8", bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq, ' +
  'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run, C:\\Users\\Public\\drop.dll, +1-202-555-0143, ' +
  '2021-12-01, https://www.virustotal.com/gui/file/abc, 96:s4Ud1Lj96tHHlZDrwciQmA:s4Ud1Lj96tHHlZDrwciQmA, ' +
  'report.pdf|d41d8cd98f00b204e9800998ecf8427e, abcdefgh2kq3q4vxm.onion, evil.example, 1.2.3, 0, "", ' +
  'hxxp://198.51.100.23/gate[.]php?id=1 <tor.freetext-oracle.org>; admin@freetext-oracle.org.';

export const freeText: Case[] = [
  {
    name: 'addEvent: an event for free-text imports (starting data)',
    method: 'POST',
    path: '/events/add',
    body: { info: 'oracle: free text', distribution: '1', date: '2026-01-20' },
    save: 'freeText',
    setup: true,
  },
  {
    name: 'freeTextImport: a defanged report, candidate types only (returnMetaAttributes)',
    method: 'POST',
    path,
    body: { value: REPORT, returnMetaAttributes: true },
  },
  {
    name: 'freeTextImport: five values, saved',
    method: 'POST',
    path,
    body: {
      value: 'hxxps://evil-cdn[.]com/payload.exe 91.215.85[.]17:8443 admin[@]bad-mail.ru CVE-2021-44444 setup.exe',
    },
  },
  { name: 'viewEvent: after a free-text import', method: 'GET', path: (s) => `/events/view/${event(s)}` },
  {
    name: 'freeTextImport: the same values again (already in the event)',
    method: 'POST',
    path,
    body: { value: 'hxxps://evil-cdn[.]com/payload.exe, 91.215.85[.]17:8443' },
  },
  {
    name: 'addEvent: an event for free-text imports with warninglists (starting data)',
    method: 'POST',
    path: '/events/add',
    body: { info: 'oracle: free text and warninglists', distribution: '1', date: '2026-01-21' },
    save: 'freeTextLists',
    setup: true,
  },
  {
    name: 'freeTextImport: distribution and warninglists (hard), wrapped in Attribute',
    method: 'POST',
    path: listsPath,
    body: { Attribute: { value: '8.8.8.8 hard.freetext-oracle.com', adhereToWarninglists: 1, distribution: '2' } },
  },
  {
    name: 'freeTextImport: warninglists soft, distribution as an integer',
    method: 'POST',
    path: listsPath,
    body: { value: '1.1.1.1 soft.freetext-oracle.com', adhereToWarninglists: 'soft', distribution: 0 },
  },
  {
    name: 'viewEvent: after the warninglist imports',
    method: 'GET',
    path: (s) => `/events/view/${eventId(s, 'freeTextLists')}`,
    notComparable: SHARED_CACHE,
  },
  {
    name: 'freeTextImport: a JSON document',
    method: 'POST',
    path,
    body: {
      value: JSON.stringify({ iocs: { ip: '198.51.100.20', note: 'seen at json.freetext-oracle.net' }, n: 3, f: 1.5 }),
      returnMetaAttributes: 1,
    },
  },
  { name: 'freeTextImport: an empty value', method: 'POST', path, body: { value: '' } },
  { name: 'freeTextImport: text without indicators', method: 'POST', path, body: { value: 'nothing to see here' } },
  { name: 'freeTextImport: an empty body', method: 'POST', path, body: {} },
  { name: 'freeTextImport: no value key', method: 'POST', path, body: { text: '198.51.100.1' } },
  { name: 'freeTextImport: value is a list', method: 'POST', path, body: { value: ['198.51.100.1'] } },
  { name: 'freeTextImport: broken JSON', method: 'POST', path, body: '{nope' },
  { name: 'freeTextImport: GET', method: 'GET', path, outsideContract: true },
  {
    name: 'freeTextImport: an unknown event',
    method: 'POST',
    path: `/events/freeTextImport/${MISSING}`,
    body: { value: '198.51.100.1' },
  },
  {
    name: 'freeTextImport: an unknown event, GET',
    method: 'GET',
    path: `/events/freeTextImport/${MISSING}`,
    outsideContract: true,
  },
  { name: 'freeTextImport: a read-only user', method: 'POST', path, as: 'readonly', body: { value: '198.51.100.1' } },
  { name: 'freeTextImport: a bad key', method: 'POST', path, as: 'badKey', body: { value: '198.51.100.1' } },
  {
    name: 'freeTextImport: another organisation’s user (proposals)',
    method: 'POST',
    path,
    as: 'partner',
    body: { value: 'proposal.freetext-oracle.com' },
  },
  { name: 'viewEvent: after a partner’s free-text import', method: 'GET', path: (s) => `/events/view/${event(s)}` },
];
