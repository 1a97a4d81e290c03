import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { draftAttribute, insertAttribute } from '../model/attributes.js';
import { findOrCreateTag } from '../model/tags.js';
import { DEMO_ORGANISATIONS } from './demo-accounts.js';
import { galaxyTag, seedGalaxies } from './galaxies.js';
import { prng, stableHex, stableUuid } from './random.js';

/** Notable values of the demo seed, for tests, docs and the bot's README. */
export const demoIndicators = {
  /** ip-dst seen in a published TLP:GREEN NightFerry RAT event, with sightings. */
  maliciousIp: '185.220.101.4',
  /** The same address as an ip-dst|port composite (`185.220.101.4|443`). */
  maliciousIpPort: '185.220.101.4|443',
  /** Phishing domain in a published TLP:AMBER event. */
  maliciousDomain: 'bad.example',
  maliciousUrl: 'http://bad.example/invoice/INV-20931.doc',
  /** Domain that only appears in a TLP:RED event. */
  tlpRedDomain: 'red-harbor-update.example',
  /** SHA-256 of the (fictional) QuillStealer dropper. */
  maliciousSha256: stableHex('quillstealer-dropper', 64),
  maliciousFilename: 'INV-20931.doc',
  phishingSender: 'billing@invoice-portal.example',
  vulnerability: 'CVE-2026-10001',
  /** Values present in events that also hit the shipped warninglists. */
  warninglistedIp: '8.8.8.8',
  privateIp: '10.0.0.5',
  warninglistedDomain: 'google.com',
  /** A value present in no event. */
  unknownValue: 'never-seen-before.example',
  unknownIp: '45.83.122.19',
  /** Value only in an unpublished (draft) event. */
  unpublishedDomain: 'draft-c2.example',
  /** SQL-looking value stored literally in one event. */
  sqlLookingValue: "x' OR '1'='1",
} as const;

interface AttributeSeed {
  type: string;
  value: string;
  category?: string;
  to_ids?: boolean;
  comment?: string;
  tags?: string[];
  sightings?: { type: 0 | 1 | 2; source: string; org: number; ago: number }[];
}

interface EventSeed {
  key: string;
  /** 1-based index into DEMO_ORGANISATIONS (1 = the host organisation). */
  org: number;
  info: string;
  threat: 1 | 2 | 3 | 4;
  analysis: 0 | 1 | 2;
  distribution: 0 | 1 | 2 | 3 | 4;
  published: boolean;
  daysAgo: number;
  tags: string[];
  attributes: AttributeSeed[];
}

const G = {
  phishing: galaxyTag('mitre-attack-pattern', 'Spearphishing Attachment - T1566.001'),
  powershell: galaxyTag('mitre-attack-pattern', 'PowerShell - T1059.001'),
  transfer: galaxyTag('mitre-attack-pattern', 'Ingress Tool Transfer - T1105'),
  exfil: galaxyTag('mitre-attack-pattern', 'Exfiltration Over C2 Channel - T1041'),
  validAccounts: galaxyTag('mitre-attack-pattern', 'Valid Accounts - T1078'),
  pelican: galaxyTag('threat-actor', 'GLASS PELICAN'),
  lynx: galaxyTag('threat-actor', 'COPPER LYNX'),
  wraith: galaxyTag('threat-actor', 'TIDAL WRAITH'),
  quill: galaxyTag('malpedia', 'QuillStealer'),
  nightferry: galaxyTag('malpedia', 'NightFerry RAT'),
  brackish: galaxyTag('malpedia', 'Brackish Loader'),
};

const I = demoIndicators;

const KEY_EVENTS: EventSeed[] = [
  {
    key: 'nightferry-c2',
    org: 2,
    info: 'NightFerry RAT command-and-control infrastructure',
    threat: 1,
    analysis: 2,
    distribution: 3,
    published: true,
    daysAgo: 2,
    tags: ['tlp:green', 'PAP:GREEN', G.nightferry, G.transfer, G.pelican],
    attributes: [
      {
        type: 'ip-dst',
        value: I.maliciousIp,
        comment: 'C2 server',
        sightings: [
          { type: 0, source: 'northwind-ids', org: 2, ago: 3600 },
          { type: 0, source: 'bluefin-proxy', org: 3, ago: 7200 },
          { type: 0, source: 'meridian-firewall', org: 1, ago: 600 },
        ],
      },
      { type: 'ip-dst|port', value: I.maliciousIpPort, comment: 'HTTPS beacon' },
      { type: 'domain', value: 'ferry-sync.example', comment: 'C2 domain' },
      { type: 'url', value: 'https://ferry-sync.example/api/v2/beacon', to_ids: true },
      { type: 'user-agent', value: 'Mozilla/5.0 (Windows NT 10.0; NightFerry)', to_ids: false },
      { type: 'ip-dst', value: I.warninglistedIp, to_ids: false, comment: 'DNS resolver used by the implant (benign)' },
      { type: 'sha256', value: stableHex('nightferry-implant', 64), tags: [G.nightferry] },
    ],
  },
  {
    key: 'invoice-phish',
    org: 3,
    info: 'COPPER LYNX invoice phishing wave delivering QuillStealer',
    threat: 2,
    analysis: 1,
    distribution: 3,
    published: true,
    daysAgo: 5,
    tags: ['tlp:amber', 'PAP:AMBER', G.lynx, G.quill, G.phishing, G.powershell],
    attributes: [
      {
        type: 'domain',
        value: I.maliciousDomain,
        sightings: [{ type: 0, source: 'bluefin-mail-gw', org: 3, ago: 86400 }],
      },
      { type: 'url', value: I.maliciousUrl },
      { type: 'email-src', value: I.phishingSender },
      { type: 'email-subject', value: 'Overdue invoice INV-20931 – action required' },
      { type: 'filename|sha256', value: `${I.maliciousFilename}|${I.maliciousSha256}` },
      { type: 'sha256', value: I.maliciousSha256, tags: ['tlp:amber'] },
      { type: 'md5', value: stableHex('quillstealer-md5', 32) },
      {
        type: 'hostname',
        value: 'cdn.google.com',
        to_ids: false,
        comment: 'Legitimate CDN abused as redirect (benign)',
      },
      {
        type: 'ip-src',
        value: '91.210.107.33',
        sightings: [{ type: 1, source: 'meridian-soc', org: 1, ago: 1800 }],
        comment: 'Reported as false positive by Meridian CERT',
      },
    ],
  },
  {
    key: 'red-harbor',
    org: 1,
    info: 'GLASS PELICAN intrusion at an energy utility (restricted)',
    threat: 1,
    analysis: 1,
    distribution: 0,
    published: true,
    daysAgo: 1,
    tags: ['tlp:red', 'PAP:RED', G.pelican, G.validAccounts, G.exfil],
    attributes: [
      { type: 'domain', value: I.tlpRedDomain },
      { type: 'ip-dst', value: '194.87.218.41' },
      { type: 'ip-src', value: I.privateIp, to_ids: false, comment: 'Internal pivot host' },
      { type: 'target-org', value: 'Fictional Energy Utility plc', to_ids: false },
      { type: 'vulnerability', value: I.vulnerability, to_ids: false },
    ],
  },
  {
    key: 'energy-sg',
    org: 1,
    info: 'Brackish Loader staging servers shared with the energy trusted circle',
    threat: 2,
    analysis: 2,
    distribution: 4,
    published: true,
    daysAgo: 3,
    tags: ['tlp:amber+strict', G.brackish],
    attributes: [
      { type: 'domain', value: 'brackish-stage.example' },
      { type: 'ip-dst', value: '5.188.86.172' },
      { type: 'sha1', value: stableHex('brackish-sha1', 40) },
    ],
  },
  {
    key: 'draft',
    org: 1,
    info: 'Draft: suspected new C2 (unpublished)',
    threat: 3,
    analysis: 0,
    distribution: 1,
    published: false,
    daysAgo: 0,
    tags: ['tlp:green'],
    attributes: [
      { type: 'domain', value: I.unpublishedDomain },
      { type: 'comment', value: I.sqlLookingValue, to_ids: false, comment: 'Literal string found in a web log' },
    ],
  },
  {
    key: 'telecom-abuse',
    org: 4,
    info: 'TIDAL WRAITH SMS gateway abuse',
    threat: 2,
    analysis: 1,
    distribution: 3,
    published: true,
    daysAgo: 8,
    tags: ['tlp:clear', G.wraith],
    attributes: [
      { type: 'phone-number', value: '+31 20 555 0199', category: 'Person', to_ids: false },
      { type: 'ip-src', value: '2a0e:97c0:3e3:18c::1' },
      { type: 'AS', value: 'AS64500', to_ids: false },
      {
        type: 'hostname',
        value: 'sms-relay.wraith.example',
        sightings: [{ type: 2, source: 'redwood-expiry', org: 4, ago: -86400 * 30 }],
      },
    ],
  },
];

const FILLER_INFOS = [
  'Credential phishing kit hosted on compromised CMS',
  'Commodity loader campaign targeting logistics',
  'Scanning activity against VPN appliances',
  'Malvertising redirect chain',
  'Ransomware negotiation portal infrastructure',
  'Cryptominer dropped via exposed container API',
  'Business e-mail compromise attempt',
  'Fake browser update lure',
];
const TLPS = ['tlp:clear', 'tlp:green', 'tlp:amber', 'tlp:amber+strict', 'tlp:red'];
const PAPS = ['PAP:CLEAR', 'PAP:GREEN', 'PAP:AMBER', 'PAP:RED'];
const WORDS = ['ledger', 'parcel', 'harbor', 'quartz', 'meadow', 'signal', 'tundra', 'orbit', 'cobalt', 'willow'];

function fillerEvents(): EventSeed[] {
  const random = prng(20260101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const events: EventSeed[] = [];
  for (let i = 0; i < 24; i++) {
    const word = `${pick(WORDS)}-${pick(WORDS)}${i}`;
    const ip = `${45 + Math.floor(random() * 150)}.${Math.floor(random() * 255)}.${Math.floor(random() * 255)}.${1 + Math.floor(random() * 254)}`;
    const attributes: AttributeSeed[] = [
      { type: 'domain', value: `${word}.example` },
      { type: 'ip-dst', value: ip, to_ids: random() > 0.2 },
      { type: 'url', value: `http://${word}.example/${pick(WORDS)}.php` },
      { type: 'sha256', value: stableHex(`filler-${i}`, 64) },
      { type: 'filename', value: `${pick(WORDS)}_${i}.exe`, to_ids: random() > 0.5 },
    ];
    if (i % 6 === 0)
      attributes.push({ type: 'ip-dst', value: '1.1.1.1', to_ids: false, comment: 'Resolver seen in sandbox run' });
    if (i % 7 === 0)
      attributes.push({
        type: 'domain',
        value: 'login.microsoft.com',
        to_ids: false,
        comment: 'Legitimate login page',
      });
    if (i % 5 === 0)
      attributes.push({ type: 'ip-src', value: `192.168.${i}.10`, to_ids: false, comment: 'Victim host' });
    events.push({
      key: `filler-${i}`,
      org: 1 + (i % 5),
      info: `${pick(FILLER_INFOS)} (${word})`,
      threat: (1 + (i % 4)) as 1 | 2 | 3 | 4,
      analysis: (i % 3) as 0 | 1 | 2,
      distribution: i % 9 === 4 ? 0 : 3,
      published: i % 8 !== 7,
      daysAgo: 3 + i * 2,
      tags: [
        TLPS[i % TLPS.length] as string,
        PAPS[i % PAPS.length] as string,
        ...(i % 3 === 0 ? [G.brackish, G.transfer] : []),
      ],
      attributes,
    });
  }
  return events;
}

/** Loads the demo data set (deterministic values and uuids; times relative to now). Idempotent. */
export function seedDemo(db: Database, nowSeconds = Math.floor(Date.now() / 1000)): void {
  db.transaction(() => {
    seedGalaxies(db);
    for (const name of [...TLPS, 'tlp:white', ...PAPS]) findOrCreateTag(db, name);
    const insertEvent = prepare(
      db,
      `INSERT OR IGNORE INTO events (uuid, org_id, orgc_id, user_id, date, info, published, analysis, threat_level_id, distribution,
       sharing_group_id, timestamp, publish_timestamp) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const tagEvent = prepare(db, 'INSERT OR IGNORE INTO event_tags (event_id, tag_id, local) VALUES (?, ?, 0)');
    const sighting = prepare(
      db,
      'INSERT INTO sightings (attribute_id, event_id, org_id, date_sighting, uuid, source, type) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const orgIds = DEMO_ORGANISATIONS.map(
      (name) => (prepare(db, 'SELECT id FROM organisations WHERE name = ?').get(name) as { id: number }).id,
    );
    const org = (index: number) => orgIds[index - 1] as number;
    const all = [...KEY_EVENTS, ...fillerEvents()];
    all.forEach((seed, index) => {
      const timestamp = nowSeconds - seed.daysAgo * 86400 - (all.length - index) * 60;
      const uuid = stableUuid(`event:${seed.key}`);
      const info = insertEvent.run(
        uuid,
        org(seed.org),
        org(seed.org),
        new Date(timestamp * 1000).toISOString().slice(0, 10),
        seed.info,
        seed.published ? 1 : 0,
        seed.analysis,
        seed.threat,
        seed.distribution,
        seed.distribution === 4 ? 1 : 0,
        timestamp,
        seed.published ? timestamp + 30 : 0,
      );
      if (info.changes === 0) return;
      const eventId = Number(info.lastInsertRowid);
      for (const name of seed.tags) tagEvent.run(eventId, findOrCreateTag(db, name).id);
      seed.attributes.forEach((attribute, i) => {
        const result = draftAttribute({
          type: attribute.type,
          value: attribute.value,
          ...(attribute.category ? { category: attribute.category } : {}),
          ...(attribute.to_ids !== undefined ? { to_ids: attribute.to_ids } : {}),
          comment: attribute.comment ?? '',
          uuid: stableUuid(`attribute:${seed.key}:${i}`),
          Tag: attribute.tags ?? [],
        });
        if ('errors' in result)
          throw new Error(`demo seed: invalid attribute ${attribute.type} ${JSON.stringify(result.errors)}`);
        const row = insertAttribute(db, eventId, { ...result.draft, timestamp }, 0);
        for (const [k, s] of (attribute.sightings ?? []).entries()) {
          sighting.run(
            row.id,
            eventId,
            org(s.org),
            nowSeconds - s.ago,
            stableUuid(`sighting:${seed.key}:${i}:${k}`),
            s.source,
            s.type,
          );
        }
      });
      prepare(
        db,
        `UPDATE events SET attribute_count = (SELECT COUNT(*) FROM attributes WHERE event_id = @id),
         sighting_timestamp = COALESCE((SELECT MAX(date_sighting) FROM sightings WHERE event_id = @id), 0) WHERE id = @id`,
      ).run({ id: eventId });
    });
  })();
}
