/**
 * MISP's attribute type catalogue as `attributes/describeTypes` serves it in MISP 2.5.1 (191 types,
 * 16 categories), in MISP's own order. Written as compact lists: in TYPE_LIST each word is
 * `type[*]:n`, where `*` marks `to_ids = 1` in sane_defaults and `n` indexes CATEGORIES (the default
 * category); `~` stands for a space inside a type name. PyMISP 2.5.34 knows three more types
 * (`edge-extension-id`, `suricata`, `uuid`) that a MISP 2.5.1 server refuses.
 */
export const CATEGORIES: readonly string[] = [
  'Internal reference',
  'Targeting data',
  'Antivirus detection',
  'Payload delivery',
  'Artifacts dropped',
  'Payload installation',
  'Persistence mechanism',
  'Network activity',
  'Payload type',
  'Attribution',
  'External analysis',
  'Financial fraud',
  'Support Tool',
  'Social network',
  'Person',
  'Other',
];

const TYPE_LIST =
  'md5*:3 sha1*:3 sha256*:3 filename*:3 pdb:4 filename|md5*:3 filename|sha1*:3 filename|sha256*:3 ' +
  'ip-src*:7 ip-dst*:7 hostname*:7 domain*:7 domain|ip*:7 email*:13 email-src*:3 eppn*:7 email-dst*:7 ' +
  'email-subject:3 email-attachment*:3 email-body:3 float:15 git-commit-id:0 url*:7 http-method:7 ' +
  'user-agent:7 ja3-fingerprint-md5*:7 jarm-fingerprint*:7 favicon-mmh3*:7 hassh-md5*:7 ' +
  'hasshserver-md5*:7 regkey*:6 regkey|value*:6 AS:7 snort*:7 bro*:7 zeek*:7 community-id*:7 ' +
  'dom-hash*:7 pattern-in-file*:5 pattern-in-traffic*:7 pattern-in-memory*:5 filename-pattern*:5 ' +
  'pgp-public-key:14 pgp-private-key:14 ssh-fingerprint:7 yara*:5 stix2-pattern*:5 sigma*:5 gene:4 ' +
  'kusto-query:4 mime-type:4 identity-card-number:14 cookie:7 vulnerability:10 cpe:10 weakness:10 ' +
  'attachment:10 malware-sample*:3 link:10 comment:15 text:15 hex:15 other:15 named~pipe:4 mutex*:4 ' +
  'process-state:4 target-user:1 target-email:1 target-machine:1 target-org:1 target-location:1 ' +
  'target-external:1 btc*:11 dash*:11 xmr*:11 iban*:11 bic*:11 bank-account-nr*:11 aba-rtn*:11 bin*:11 ' +
  'cc-number*:11 prtn*:11 phone-number:14 threat-actor:9 campaign-name:9 campaign-id:9 malware-type:3 ' +
  'uri*:7 authentihash*:3 vhash*:3 ssdeep*:3 imphash*:3 telfhash*:3 pehash*:3 impfuzzy*:3 sha224*:3 ' +
  'sha384*:3 sha512*:3 sha512/224*:3 sha512/256*:3 sha3-224*:3 sha3-256*:3 sha3-384*:3 sha3-512*:3 ' +
  'tlsh*:3 cdhash*:3 filename|authentihash*:3 filename|vhash*:3 filename|ssdeep*:3 filename|imphash*:3 ' +
  'filename|impfuzzy*:3 filename|pehash*:3 filename|sha224*:3 filename|sha384*:3 filename|sha512*:3 ' +
  'filename|sha512/224*:3 filename|sha512/256*:3 filename|sha3-224*:3 filename|sha3-256*:3 ' +
  'filename|sha3-384*:3 filename|sha3-512*:3 filename|tlsh*:3 windows-scheduled-task:4 ' +
  'windows-service-name:4 windows-service-displayname:4 whois-registrant-email:9 ' +
  'whois-registrant-phone:9 whois-registrant-name:9 whois-registrant-org:9 whois-registrar:9 ' +
  'whois-creation-date:9 x509-fingerprint-sha1*:7 x509-fingerprint-md5*:7 x509-fingerprint-sha256*:7 ' +
  'dns-soa-email:9 size-in-bytes:15 counter:15 integer:15 datetime:15 port:7 ip-dst|port*:7 ' +
  'ip-src|port*:7 hostname|port*:7 mac-address:7 mac-eui-64:7 email-dst-display-name:3 ' +
  'email-src-display-name:3 email-header:3 email-reply-to:3 email-x-mailer:3 email-mime-boundary:3 ' +
  'email-thread-index:3 email-message-id:3 github-username:13 github-repository:13 ' +
  'github-organisation:13 jabber-id:13 twitter-id:13 dkim:7 dkim-signature:7 first-name:14 ' +
  'middle-name:14 last-name:14 full-name:14 date-of-birth:14 place-of-birth:14 gender:14 ' +
  'passport-number:14 passport-country:14 passport-expiration:14 redress-number:14 nationality:14 ' +
  'visa-number:14 issue-date-of-the-visa:14 primary-residence:14 country-of-residence:14 ' +
  'special-service-request:14 frequent-flyer-number:14 travel-details:14 payment-details:14 ' +
  'place-port-of-original-embarkation:14 place-port-of-clearance:14 ' +
  'place-port-of-onward-foreign-destination:14 passenger-name-record-locator-number:14 ' +
  'mobile-application-id*:3 azure-application-id*:3 chrome-extension-id*:3 cortex:10 boolean:15 ' +
  'anonymised:15 onion-address*:7';

/** The types each category accepts, in MISP's order. */
const MAPPINGS: Record<string, string> = {
  'Internal reference': 'text link comment other hex anonymised git-commit-id',
  'Targeting data':
    'target-user target-email target-machine target-org target-location target-external comment ' + 'anonymised',
  'Antivirus detection': 'link comment text hex attachment other anonymised',
  'Payload delivery':
    'md5 sha1 sha224 sha256 sha384 sha512 sha512/224 sha512/256 sha3-224 sha3-256 sha3-384 sha3-512 ' +
    'ssdeep imphash telfhash impfuzzy authentihash vhash pehash tlsh cdhash filename filename|md5 ' +
    'filename|sha1 filename|sha224 filename|sha256 filename|sha384 filename|sha512 filename|sha512/224 ' +
    'filename|sha512/256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 ' +
    'filename|authentihash filename|vhash filename|ssdeep filename|tlsh filename|imphash ' +
    'filename|impfuzzy filename|pehash mac-address mac-eui-64 ip-src ip-dst ip-dst|port ip-src|port ' +
    'hostname domain email email-src email-dst email-subject email-attachment email-body url user-agent ' +
    'AS pattern-in-file pattern-in-traffic filename-pattern stix2-pattern yara sigma mime-type attachment ' +
    'malware-sample link malware-type comment text hex vulnerability cpe weakness x509-fingerprint-sha1 ' +
    'x509-fingerprint-md5 x509-fingerprint-sha256 ja3-fingerprint-md5 jarm-fingerprint hassh-md5 ' +
    'hasshserver-md5 other hostname|port email-dst-display-name email-src-display-name email-header ' +
    'email-reply-to email-x-mailer email-mime-boundary email-thread-index email-message-id ' +
    'azure-application-id mobile-application-id chrome-extension-id whois-registrant-email anonymised ' +
    'onion-address',
  'Artifacts dropped':
    'md5 sha1 sha224 sha256 sha384 sha512 sha512/224 sha512/256 sha3-224 sha3-256 sha3-384 sha3-512 ' +
    'ssdeep imphash telfhash impfuzzy authentihash vhash cdhash filename filename|md5 filename|sha1 ' +
    'filename|sha224 filename|sha256 filename|sha384 filename|sha512 filename|sha512/224 ' +
    'filename|sha512/256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 ' +
    'filename|authentihash filename|vhash filename|ssdeep filename|tlsh filename|imphash ' +
    'filename|impfuzzy filename|pehash regkey regkey|value pattern-in-file pattern-in-memory ' +
    'filename-pattern pdb stix2-pattern yara sigma attachment malware-sample named~pipe mutex ' +
    'process-state windows-scheduled-task windows-service-name windows-service-displayname comment text ' +
    'hex x509-fingerprint-sha1 x509-fingerprint-md5 x509-fingerprint-sha256 other cookie gene kusto-query ' +
    'mime-type anonymised pgp-public-key pgp-private-key',
  'Payload installation':
    'md5 sha1 sha224 sha256 sha384 sha512 sha512/224 sha512/256 sha3-224 sha3-256 sha3-384 sha3-512 ' +
    'ssdeep imphash telfhash impfuzzy authentihash vhash pehash tlsh cdhash filename filename|md5 ' +
    'filename|sha1 filename|sha224 filename|sha256 filename|sha384 filename|sha512 filename|sha512/224 ' +
    'filename|sha512/256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 ' +
    'filename|authentihash filename|vhash filename|ssdeep filename|tlsh filename|imphash ' +
    'filename|impfuzzy filename|pehash pattern-in-file pattern-in-traffic pattern-in-memory ' +
    'filename-pattern stix2-pattern yara sigma vulnerability cpe weakness attachment malware-sample ' +
    'malware-type comment text hex x509-fingerprint-sha1 x509-fingerprint-md5 x509-fingerprint-sha256 ' +
    'azure-application-id mobile-application-id chrome-extension-id other mime-type anonymised',
  'Persistence mechanism': 'filename regkey regkey|value comment text other hex anonymised',
  'Network activity':
    'ip-src ip-dst ip-dst|port ip-src|port port hostname domain domain|ip mac-address mac-eui-64 email ' +
    'email-dst email-src eppn url uri user-agent http-method AS snort pattern-in-file filename-pattern ' +
    'stix2-pattern pattern-in-traffic attachment comment text x509-fingerprint-md5 x509-fingerprint-sha1 ' +
    'x509-fingerprint-sha256 ja3-fingerprint-md5 jarm-fingerprint hassh-md5 hasshserver-md5 other hex ' +
    'cookie hostname|port bro zeek anonymised community-id email-subject favicon-mmh3 dkim dkim-signature ' +
    'ssh-fingerprint dom-hash onion-address',
  'Payload type': 'comment text other anonymised',
  Attribution:
    'threat-actor campaign-name campaign-id whois-registrant-phone whois-registrant-email ' +
    'whois-registrant-name whois-registrant-org whois-registrar whois-creation-date comment text ' +
    'x509-fingerprint-sha1 x509-fingerprint-md5 x509-fingerprint-sha256 other dns-soa-email anonymised ' +
    'email',
  'External analysis':
    'md5 sha1 sha256 sha3-224 sha3-256 sha3-384 sha3-512 filename filename|md5 filename|sha1 ' +
    'filename|sha256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 ip-src ' +
    'ip-dst ip-dst|port ip-src|port mac-address mac-eui-64 hostname domain domain|ip url user-agent ' +
    'regkey regkey|value AS snort bro zeek pattern-in-file pattern-in-traffic pattern-in-memory ' +
    'filename-pattern vulnerability cpe weakness attachment malware-sample link comment text ' +
    'x509-fingerprint-sha1 x509-fingerprint-md5 x509-fingerprint-sha256 ja3-fingerprint-md5 ' +
    'jarm-fingerprint hassh-md5 hasshserver-md5 github-repository other cortex anonymised community-id ' +
    'dom-hash onion-address',
  'Financial fraud':
    'btc dash xmr iban bic bank-account-nr aba-rtn bin cc-number prtn phone-number comment text other hex ' +
    'anonymised',
  'Support Tool': 'link text attachment comment other hex anonymised',
  'Social network':
    'github-username github-repository github-organisation jabber-id twitter-id email email-src email-dst ' +
    'eppn comment text other whois-registrant-email anonymised pgp-public-key pgp-private-key',
  Person:
    'first-name middle-name last-name full-name date-of-birth place-of-birth gender passport-number ' +
    'passport-country passport-expiration redress-number nationality visa-number issue-date-of-the-visa ' +
    'primary-residence country-of-residence special-service-request frequent-flyer-number travel-details ' +
    'payment-details place-port-of-original-embarkation place-port-of-clearance ' +
    'place-port-of-onward-foreign-destination passenger-name-record-locator-number comment text other ' +
    'phone-number identity-card-number anonymised email pgp-public-key pgp-private-key',
  Other:
    'comment text other size-in-bytes counter integer datetime cpe port float hex phone-number boolean ' +
    'anonymised pgp-public-key pgp-private-key',
};

export interface SaneDefault {
  default_category: string;
  to_ids: 0 | 1;
}

const words = (list: string): string[] =>
  list
    .split(' ')
    .filter(Boolean)
    .map((w) => w.replaceAll('~', ' '));

export const SANE_DEFAULTS: Record<string, SaneDefault> = {};
export const TYPES: string[] = [];
for (const word of words(TYPE_LIST)) {
  const match = /^(.+?)(\*?):(\d+)$/.exec(word);
  if (!match) throw new Error(`describe-types: bad entry ${word}`);
  const [, type = '', ids, index] = match;
  SANE_DEFAULTS[type] = { default_category: CATEGORIES[Number(index)] ?? 'Other', to_ids: ids ? 1 : 0 };
  TYPES.push(type);
}

export const CATEGORY_TYPE_MAPPINGS: Record<string, string[]> = {};
for (const category of CATEGORIES) CATEGORY_TYPE_MAPPINGS[category] = words(MAPPINGS[category] ?? '');

/** Types stored as `value1|value2` (MISP getCompositeTypes: every piped type plus malware-sample). */
export const COMPOSITE_TYPES: ReadonlySet<string> = new Set([
  ...TYPES.filter((t) => t.includes('|')),
  'malware-sample',
]);

export function describeTypes() {
  return {
    result: {
      sane_defaults: SANE_DEFAULTS,
      types: TYPES,
      categories: CATEGORIES,
      category_type_mappings: CATEGORY_TYPE_MAPPINGS,
    },
  };
}
