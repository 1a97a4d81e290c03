import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher, formatIpv6, matchTyped, pcreToRegExp } from '../src/catalogues/matching.js';
import { createPartners, demoIndicators as I, type MispSandbox } from '../src/index.js';
import { type Api, type Json, withSandbox } from './helpers.js';

const match = (type: string, entries: string[], value: string) => compileMatcher(type, entries).match(value);

describe('warninglist matching, per list type, as MISP 2.5 does it', () => {
  it('cidr: ranges as written, shortest prefix first, a wider value mask does not match', () => {
    const list = ['10.0.0.0/8', '10.1.0.0/16', '192.0.2.1', '10.2.3.4/8', '2001:db8::/32', '2001:DB8:0:0:1::/80'];
    expect(match('cidr', list, '10.1.2.3')).toBe('10.0.0.0/8');
    expect(match('cidr', list, '192.0.2.1')).toBe('192.0.2.1/32');
    expect(match('cidr', list, '10.1.0.0/16')).toBe('10.0.0.0/8');
    expect(match('cidr', ['10.1.0.0/16'], '10.0.0.0/8')).toBeUndefined(); // value wider than the range
    expect(match('cidr', ['10.1.0.0/16'], '10.1.0.0/0')).toBe('10.1.0.0/16'); // PHP: '0' is empty
    expect(match('cidr', ['10.2.3.4/8'], '10.2.3.4')).toBeUndefined(); // not a network address: never matches
    expect(match('cidr', list, '2001:db8::5')).toBe('2001:db8::/32');
    // A later prefix length that also matches wins, and the entry is printed as inet_ntop prints it.
    expect(match('cidr', list, '2001:db8::1:0:0:5')).toBe('2001:db8:0:0:1::/80');
    expect(match('cidr', list, 'fe80::1%eth0')).toBeUndefined();
    expect(match('cidr', list, '010.1.2.3')).toBeUndefined();
    expect(formatIpv6([0x2001, 0xdb8, 0, 0, 1, 0, 0, 1])).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6([0, 0, 0, 0, 0, 0xffff, 0x0a00, 1])).toBe('::ffff:10.0.0.1');
  });

  it('hostname: the host or a parent domain, entries lower-cased, the value not', () => {
    const list = ['Google.com.', 'example'];
    expect(match('hostname', list, 'mail.google.com')).toBe('google.com');
    expect(match('hostname', list, 'https://www.google.com/x?y')).toBe('google.com');
    expect(match('hostname', list, 'google.com./path')).toBe('google.com');
    expect(match('hostname', list, 'GOOGLE.com')).toBeUndefined();
    expect(match('hostname', list, 'someone@google.com')).toBeUndefined();
    expect(match('hostname', list, 'google.com:443')).toBeUndefined();
    expect(match('hostname', list, 'notgoogle.com')).toBeUndefined();
    expect(match('hostname', list, 'bad.example')).toBe('example');
  });

  it('string is exact and case-sensitive; substring finds an entry inside the value', () => {
    expect(match('string', ['COM'], 'COM')).toBe('COM');
    expect(match('string', ['COM'], 'com')).toBeUndefined();
    expect(match('substring', ['any.run', 'x'], 'https://app.any.run/tasks')).toBe('any.run');
  });

  it('regex: PCRE delimiters and modifiers; patterns PCRE refuses never match', () => {
    expect(match('regex', ['/^(security|soc)\\@.*\\..*$/i'], 'SOC@example.org')).toBe('/^(security|soc)\\@.*\\..*$/i');
    expect(match('regex', ['#^a+$#'], 'aaa')).toBe('#^a+$#');
    expect(match('regex', ['/555/g'], '5551234')).toBeUndefined(); // unknown modifier g
    expect(pcreToRegExp('no delimiters')).toBeUndefined();
  });

  it('composite types are checked half by half; the half that matched is reported', () => {
    const matcher = compileMatcher('cidr', ['8.8.8.8/32']);
    expect(matchTyped(matcher, 'dns.example|8.8.8.8', 'domain|ip')).toEqual({ match: '8.8.8.8/32', value: '8.8.8.8' });
    expect(matchTyped(matcher, '8.8.8.8|53', 'ip-dst')).toBeUndefined();
  });
});

describe('warninglists routes', () => {
  let misp: MispSandbox;
  let api: Api;
  beforeAll(async () => {
    ({ misp, api } = await withSandbox({ seed: 'none' }));
  });
  afterAll(() => misp.close());

  it('installs MISP’s 136 default lists and enables them as an administrator would, but the VPN ranges', async () => {
    const index = await api('GET', '/warninglists/index');
    expect(index.body.Warninglists).toHaveLength(136);
    const disabled = index.body.Warninglists.filter((w: Json) => w.Warninglist.enabled === false);
    expect(disabled.map((w: Json) => w.Warninglist.name)).toEqual([
      'Specialized list of IPv6 addresses belonging to common VPN providers and datacenters',
      'Specialized list of vpn-ipv4 addresses belonging to common VPN providers and datacenters',
    ]);
    expect(
      Object.keys((await api('POST', '/warninglists/checkValue', [I.warninglistedIp, I.maliciousIp])).body),
    ).toEqual([I.warninglistedIp]);
    await api('POST', '/warninglists/toggleEnable', { name: '%', enabled: 0 });
    expect((await api('POST', '/warninglists/checkValue', [I.warninglistedIp])).body).toEqual([]);
  });

  it('checkValue takes a list, a bare string, a Warninglist wrapper or an object, keyed by the trimmed value', async () => {
    await api('POST', '/warninglists/toggleEnable', { name: '%rfc 1918%', enabled: 1 });
    const expected = { '10.0.0.5': [{ id: '101', name: 'List of RFC 1918 CIDR blocks', matched: '10.0.0.0/8' }] };
    expect((await api('POST', '/warninglists/checkValue', [' 10.0.0.5 '])).body).toEqual(expected);
    expect((await api('POST', '/warninglists/checkValue', '"10.0.0.5"')).body).toEqual(expected);
    expect((await api('POST', '/warninglists/checkValue', { Warninglist: ['10.0.0.5'] })).body).toEqual(expected);
    expect((await api('POST', '/warninglists/checkValue', { value: '10.0.0.5' })).body).toEqual(expected);
    const empty = await api('POST', '/warninglists/checkValue', []);
    expect(empty.status).toBe(404);
    expect(empty.body.message).toBe('No valid data received.');
  });

  it('filters the index by value and enabled state', async () => {
    const rfc = (await api('POST', '/warninglists/index', { value: 'RFC' })).body.Warninglists;
    expect(rfc.map((w: Json) => w.Warninglist.name)).toContain('List of RFC 1918 CIDR blocks');
    const enabled = (await api('POST', '/warninglists/index', { enabled: 1 })).body.Warninglists;
    expect(enabled.map((w: Json) => w.Warninglist.id)).toEqual(['101']); // after disabling all but RFC 1918
  });

  it('answers unknown lists and ids the way MISP does', async () => {
    expect((await api('GET', '/warninglists/view/abc')).body.message).toBe('Invalid ID.');
    expect((await api('GET', '/warninglists/view/9999')).status).toBe(404);
    expect((await api('POST', '/warninglists/toggleEnable', { id: '9999' })).body).toEqual({
      saved: false,
      errors: 'Warninglist(s) not found.',
    });
    expect((await api('POST', '/warninglists/toggleEnable', {})).body).toEqual({
      saved: false,
      errors: 'Warninglist not found.',
    });
    expect(
      (await api('POST', '/warninglists/toggleEnable', { id: '1' }, { key: (await createPartners(misp)).userKey }))
        .status,
    ).toBe(403);
  });

  it('enableWarninglist and delete answer with MISP’s redirects', async () => {
    const enabled = await api('POST', '/warninglists/enableWarninglist/96/1');
    expect(enabled.status).toBe(302);
    expect((await api('GET', '/warninglists/view/96')).body.Warninglist.enabled).toBe(true);
    const added = await api('POST', '/warninglists/add', {
      Warninglist: { name: 'temp', description: 'temp', type: 'string', entries: 'a\nb # c' },
    });
    expect(added.body.Warninglist).toMatchObject({ name: 'temp', type: 'string', default: false });
    const bad = await api('POST', '/warninglists/add', {
      name: 'bad',
      description: 'd',
      type: 'regex',
      entries: '/x/g',
    });
    expect(bad.status).toBe(403);
    expect(bad.body.errors).toEqual({ entries: ['`/x/g` is not valid regular expression'] });
    const deleted = await api('POST', `/warninglists/delete/${added.body.Warninglist.id}`);
    expect(deleted.status).toBe(302);
    expect((await api('GET', `/warninglists/view/${added.body.Warninglist.id}`)).status).toBe(404);
  });
});

describe('restSearch warnings on the demo seed', () => {
  let misp: MispSandbox;
  let api: Api;
  beforeAll(async () => {
    ({ misp, api } = await withSandbox({ seed: 'demo' }));
  });
  afterAll(() => misp.close());

  it('enables the default lists but the VPN and datacenter ranges, so the C2 address is not benign', async () => {
    const hits = (await api('POST', '/warninglists/checkValue', [I.warninglistedIp, I.maliciousIp, I.privateIp])).body;
    expect(Object.keys(hits).sort()).toEqual([I.privateIp, I.warninglistedIp].sort());
  });

  it('only lists whose attribute types include the attribute’s type warn', async () => {
    // MISP attaches warnings to to_ids attributes only (the demo's own 8.8.8.8 is not to_ids).
    await api('POST', '/events/add', {
      info: 'warninglists: a to_ids resolver address',
      Attribute: [{ type: 'ip-dst', value: '8.8.4.4', to_ids: true }],
    });
    const [attribute] = (await api('POST', '/attributes/restSearch', { value: '8.8.4.4', includeWarninglistHits: 1 }))
      .body.response.Attribute;
    const lists = (await api('GET', '/warninglists/index')).body.Warninglists.map((w: Json) => w.Warninglist);
    const types = new Map(lists.map((l: Json) => [l.id, l.valid_attributes.split(', ')]));
    expect(attribute.warnings.map((w: Json) => w.warninglist_name)).toContain(
      'List of known IPv4 public DNS resolvers',
    );
    for (const warning of attribute.warnings) {
      expect(types.get(warning.warninglist_id)).toEqual(expect.arrayContaining([attribute.type]));
    }
  });
});
