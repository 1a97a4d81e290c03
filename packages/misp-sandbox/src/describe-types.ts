/**
 * MISP's attribute type catalogue as served by `attributes/describeTypes` (PyMISP describeTypes
 * 2.5.34: 194 types, 16 categories). Written as compact lists: `*` after a type marks
 * `to_ids = 1` in sane_defaults; the list a type appears in is its default category.
 */
const DEFAULTS: Record<string, string> = {
  'Internal reference': 'git-commit-id',
  'Targeting data': 'target-user target-email target-machine target-org target-location target-external',
  'Payload delivery':
    'md5* sha1* sha256* filename* filename|md5* filename|sha1* filename|sha256* email-src* email-subject email-attachment* email-body malware-sample* malware-type authentihash* vhash* ssdeep* imphash* telfhash* pehash* impfuzzy* sha224* sha384* sha512* sha512/224* sha512/256* sha3-224* sha3-256* sha3-384* sha3-512* tlsh* cdhash* filename|authentihash* filename|vhash* filename|ssdeep* filename|imphash* filename|impfuzzy* filename|pehash* filename|sha224* filename|sha384* filename|sha512* filename|sha512/224* filename|sha512/256* filename|sha3-224* filename|sha3-256* filename|sha3-384* filename|sha3-512* filename|tlsh* email-dst-display-name email-src-display-name email-header email-reply-to email-x-mailer email-mime-boundary email-thread-index email-message-id mobile-application-id* azure-application-id* chrome-extension-id* edge-extension-id*',
  'Artifacts dropped':
    'pdb gene kusto-query mime-type named~pipe mutex* process-state windows-scheduled-task windows-service-name windows-service-displayname',
  'Payload installation': 'pattern-in-file* pattern-in-memory* filename-pattern* yara* stix2-pattern* sigma*',
  'Persistence mechanism': 'regkey* regkey|value*',
  'Network activity':
    'ip-src* ip-dst* hostname* domain* domain|ip* eppn* email-dst* url* http-method user-agent ja3-fingerprint-md5* jarm-fingerprint* favicon-mmh3* hassh-md5* hasshserver-md5* AS snort* suricata* bro* zeek* community-id* dom-hash* pattern-in-traffic* ssh-fingerprint cookie uri* x509-fingerprint-sha1* x509-fingerprint-md5* x509-fingerprint-sha256* port ip-dst|port* ip-src|port* hostname|port* mac-address mac-eui-64 dkim dkim-signature onion-address*',
  Attribution:
    'threat-actor campaign-name campaign-id whois-registrant-email whois-registrant-phone whois-registrant-name whois-registrant-org whois-registrar whois-creation-date dns-soa-email',
  'External analysis': 'vulnerability cpe weakness attachment link cortex',
  'Financial fraud': 'btc* dash* xmr* iban* bic* bank-account-nr* aba-rtn* bin* cc-number* prtn*',
  'Social network': 'email* github-username github-repository github-organisation jabber-id twitter-id',
  Person:
    'pgp-public-key pgp-private-key identity-card-number phone-number first-name middle-name last-name full-name date-of-birth place-of-birth gender passport-number passport-country passport-expiration redress-number nationality visa-number issue-date-of-the-visa primary-residence country-of-residence special-service-request frequent-flyer-number travel-details payment-details place-port-of-original-embarkation place-port-of-clearance place-port-of-onward-foreign-destination passenger-name-record-locator-number',
  Other: 'float comment text hex other size-in-bytes counter integer datetime boolean uuid anonymised',
};

/** Extra (non-default) types each category accepts. */
const EXTRA: Record<string, string> = {
  'Antivirus detection': 'anonymised attachment comment hex link other text',
  'Artifacts dropped':
    'anonymised attachment authentihash cdhash comment cookie filename filename-pattern filename|authentihash filename|impfuzzy filename|imphash filename|md5 filename|pehash filename|sha1 filename|sha224 filename|sha256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 filename|sha384 filename|sha512 filename|sha512/224 filename|sha512/256 filename|ssdeep filename|tlsh filename|vhash hex impfuzzy imphash malware-sample md5 other pattern-in-file pattern-in-memory pgp-private-key pgp-public-key regkey regkey|value sha1 sha224 sha256 sha3-224 sha3-256 sha3-384 sha3-512 sha384 sha512 sha512/224 sha512/256 sigma ssdeep stix2-pattern telfhash text vhash x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256 yara',
  Attribution: 'anonymised comment email other text x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256',
  'External analysis':
    'AS anonymised bro comment community-id domain domain|ip filename filename-pattern filename|md5 filename|sha1 filename|sha256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 github-repository hassh-md5 hasshserver-md5 hostname ip-dst ip-dst|port ip-src ip-src|port ja3-fingerprint-md5 jarm-fingerprint mac-address mac-eui-64 malware-sample md5 other pattern-in-file pattern-in-memory pattern-in-traffic regkey regkey|value sha1 sha256 sha3-224 sha3-256 sha3-384 sha3-512 snort text url user-agent x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256 zeek suricata onion-address dom-hash',
  'Financial fraud': 'anonymised comment hex other phone-number text',
  'Internal reference': 'anonymised comment hex link other text',
  'Network activity':
    'anonymised attachment comment email email-src email-subject filename-pattern hex other pattern-in-file stix2-pattern text',
  Other: 'cpe pgp-private-key pgp-public-key phone-number port',
  'Payload delivery':
    'AS anonymised attachment chrome-extension-id comment cpe domain email email-dst filename-pattern hassh-md5 hasshserver-md5 hex hostname hostname|port ip-dst ip-dst|port ip-src ip-src|port ja3-fingerprint-md5 jarm-fingerprint link mac-address mac-eui-64 mime-type other pattern-in-file pattern-in-traffic sigma stix2-pattern text url user-agent vulnerability weakness whois-registrant-email x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256 yara onion-address',
  'Payload installation':
    'anonymised attachment authentihash cdhash chrome-extension-id comment cpe filename filename|authentihash filename|impfuzzy filename|imphash filename|md5 filename|pehash filename|sha1 filename|sha224 filename|sha256 filename|sha3-224 filename|sha3-256 filename|sha3-384 filename|sha3-512 filename|sha384 filename|sha512 filename|sha512/224 filename|sha512/256 filename|ssdeep filename|tlsh filename|vhash hex impfuzzy imphash malware-sample malware-type md5 mime-type mobile-application-id other pattern-in-traffic pehash sha1 sha224 sha256 sha3-224 sha3-256 sha3-384 sha3-512 sha384 sha512 sha512/224 sha512/256 ssdeep telfhash text tlsh vhash vulnerability weakness x509-fingerprint-md5 x509-fingerprint-sha1 x509-fingerprint-sha256 azure-application-id edge-extension-id',
  'Payload type': 'anonymised comment other text',
  'Persistence mechanism': 'anonymised comment filename hex other text',
  Person: 'anonymised comment email other text',
  'Social network':
    'anonymised comment email-dst email-src eppn other pgp-private-key pgp-public-key text whois-registrant-email',
  'Support Tool': 'anonymised attachment comment hex link other text',
  'Targeting data': 'anonymised comment',
};

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

export interface SaneDefault {
  default_category: string;
  to_ids: 0 | 1;
}

const words = (list: string | undefined): string[] =>
  (list ?? '')
    .split(' ')
    .filter(Boolean)
    .map((w) => w.replaceAll('~', ' '));

export const SANE_DEFAULTS: Record<string, SaneDefault> = {};
export const TYPES: string[] = [];
for (const [category, list] of Object.entries(DEFAULTS)) {
  for (const word of words(list)) {
    const type = word.replace(/\*$/, '');
    SANE_DEFAULTS[type] = { default_category: category, to_ids: word.endsWith('*') ? 1 : 0 };
    TYPES.push(type);
  }
}

export const CATEGORY_TYPE_MAPPINGS: Record<string, string[]> = {};
for (const category of CATEGORIES) {
  const own = words(DEFAULTS[category]).map((w) => w.replace(/\*$/, ''));
  const set = new Set([...own, ...words(EXTRA[category])]);
  CATEGORY_TYPE_MAPPINGS[category] = [...set].filter((t) => t in SANE_DEFAULTS);
}

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
