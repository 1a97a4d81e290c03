import { describe, expect, it } from 'vitest';
import { extractIndicators, type IndicatorKind } from '../../src/indicators/index.js';

type Row = [input: string, expected: Array<[IndicatorKind, string]>];

const pairs = (text: string) => extractIndicators(text).map((found) => [found.kind, found.value]);

function table(title: string, rows: Row[]) {
  describe(title, () => {
    it.each(rows)('%j', (input, expected) => {
      expect(pairs(input)).toEqual(expected);
    });
  });
}

table('defang styles are undone', [
  ['evil[.]com', [['domain', 'evil.com']]],
  ['evil(.)com', [['domain', 'evil.com']]],
  ['evil{.}com', [['domain', 'evil.com']]],
  ['evil[ . ]com', [['domain', 'evil.com']]],
  ['evil[,]com', [['domain', 'evil.com']]],
  ['evil[dot]com', [['domain', 'evil.com']]],
  ['evil(dot)com', [['domain', 'evil.com']]],
  ['evil{DOT}com', [['domain', 'evil.com']]],
  [
    'evil[punto]com and bad(punkt)de',
    [
      ['domain', 'evil.com'],
      ['domain', 'bad.de'],
    ],
  ],
  ['evil DOT com', [['domain', 'evil.com']]],
  ['evil\\.com', [['domain', 'evil.com']]],
  ['evil^.com', [['domain', 'evil.com']]],
  ['evil&lt;.&gt;com', [['domain', 'evil.com']]],
  ['1.1.1[.]1', [['ipv4', '1.1.1.1']]],
  ['1[.]2[.]3[.]4', [['ipv4', '1.2.3.4']]],
  ['8,8,8,8', [['ipv4', '8.8.8.8']]],
  ['hxxp://evil.com/a', [['url', 'http://evil.com/a']]],
  ['hXXps://evil[.]com/a', [['url', 'https://evil.com/a']]],
  ['hxxps[:]//evil[.]com/a', [['url', 'https://evil.com/a']]],
  ['http[://]evil.com/a', [['url', 'http://evil.com/a']]],
  ['http[:]//evil.com/a', [['url', 'http://evil.com/a']]],
  ['h**p://evil.com/a', [['url', 'http://evil.com/a']]],
  ['xxxx://evil.com/a', [['url', 'http://evil.com/a']]],
  ['[http]://evil.com/a', [['url', 'http://evil.com/a']]],
  ['htt[p]://evil.com/a', [['url', 'http://evil.com/a']]],
  ['fxp://files.evil.com/x', [['url', 'ftp://files.evil.com/x']]],
  ['http: //evil.com/a', [['url', 'http://evil.com/a']]],
  ['http:///evil.com/a', [['url', 'http://evil.com/a']]],
  ['http:\\\\evil.com\\a', [['url', 'http://evil.com']]],
  ['hxxps://evil[.]com[/]path', [['url', 'https://evil.com/path']]],
  ['user[at]evil[.]com', [['email', 'user@evil.com']]],
  ['user(at)evil.com', [['email', 'user@evil.com']]],
  ['user[@]evil.com', [['email', 'user@evil.com']]],
  ['user(@)evil.com', [['email', 'user@evil.com']]],
  ['user[arroba]evil.com', [['email', 'user@evil.com']]],
  ['user AT evil DOT com', [['email', 'user@evil.com']]],
]);

table('plain English "dot" and "at" are left alone', [
  ['meet at the dot com party', []],
  ['look at this', []],
]);

table('Slack markup', [
  ['<http://example.com|example.com>', [['domain', 'example.com']]],
  ['<http://evil.zip|evil.zip>', [['domain', 'evil.zip']]],
  ['<http://example.com/a?b=1&amp;c=2>', [['url', 'http://example.com/a?b=1&c=2']]],
  ['<http://example.com/gate.php|example.com/gate.php>', [['url', 'example.com/gate.php']]],
  ['<https://evil.com/x|click here>', [['url', 'https://evil.com/x']]],
  ['<mailto:a@evil.com|a@evil.com>', [['email', 'a@evil.com']]],
  ['<@U0ALICE> <@U0BOB|bob> <#C0SOC|soc> <!here> <!subteam^S1|@sec> 1.2.3.4', [['ipv4', '1.2.3.4']]],
  ['<#C0SOC|evil.com>', []],
  ['&lt;1.2.3.4&gt; AT&amp;T', [['ipv4', '1.2.3.4']]],
  ['Bob <bob@evil.com>', [['email', 'bob@evil.com']]],
  ['<<<|||>>> evil.com', [['domain', 'evil.com']]],
]);

table('invisible characters and look-alike punctuation', [
  ['ev\u200bil.com', [['domain', 'evil.com']]],
  ['evil\u200c.com', [['domain', 'evil.com']]],
  ['evil.\u200dcom', [['domain', 'evil.com']]],
  ['1.2.3\u2060.4', [['ipv4', '1.2.3.4']]],
  ['\ufeffevil.com', [['domain', 'evil.com']]],
  ['evil\u00ad.com', [['domain', 'evil.com']]],
  ['evil\uff0ecom', [['domain', 'evil.com']]],
  ['evil\u3002com', [['domain', 'evil.com']]],
  ['user\uff20evil.com', [['email', 'user@evil.com']]],
]);

table('IDNs are reported in punycode', [
  ['münchen.de', [['domain', 'xn--mnchen-3ya.de']]],
  ['MÜNCHEN.DE', [['domain', 'xn--mnchen-3ya.de']]],
  ['ex\u0430mple.com', [['domain', 'xn--exmple-4nf.com']]],
  ['例子.中国', [['domain', 'xn--fsqu00a.xn--fiqs8s']]],
  ['http://bücher.de/a', [['url', 'http://xn--bcher-kva.de/a']]],
  ['访问evil.com获取', [['domain', 'evil.com']]],
  ['xn--mnchen-3ya.de', [['domain', 'xn--mnchen-3ya.de']]],
]);

table('IPv4, IPv6 and CIDR', [
  ['185.220.101.4', [['ipv4', '185.220.101.4']]],
  ['1.2.3.4:443', [['ipv4', '1.2.3.4']]],
  ['010.1.1.1 256.1.1.1 1.2.3 1.2.3.4.5', []],
  ['2001:DB8:0:0:0:0:0:1', [['ipv6', '2001:db8::1']]],
  ['2001:0db8:0000:0000:0001:0000:0000:0001', [['ipv6', '2001:db8::1:0:0:1']]],
  ['2001:db8:0:1:1:1:1:1', [['ipv6', '2001:db8:0:1:1:1:1:1']]],
  ['fe80::1%eth0', [['ipv6', 'fe80::1']]],
  ['::ffff:1.2.3.4', [['ipv6', '::ffff:1.2.3.4']]],
  ['[2001:db8::1]:443', [['ipv6', '2001:db8::1']]],
  ['::1', [['ipv6', '::1']]],
  ['std::vector 12:30:45 00:1a:2b:3c:4d:5e', []],
  ['10.0.0.0/8', [['cidr', '10.0.0.0/8']]],
  ['192.168.1.1/32', [['ipv4', '192.168.1.1']]],
  ['2001:db8::/32', [['cidr', '2001:db8::/32']]],
  ['2001:db8::1/128', [['ipv6', '2001:db8::1']]],
  ['1.2.3.4/33 (an impossible prefix: the address alone)', [['ipv4', '1.2.3.4']]],
]);

table('ASNs', [
  ['AS15169', [['asn', 'AS15169']]],
  ['ASN15169', [['asn', 'AS15169']]],
  ['asn15169', [['asn', 'AS15169']]],
  ['AS 15169', [['asn', 'AS15169']]],
  ['ASN 15169', [['asn', 'AS15169']]],
  ['AS1.10', [['asn', 'AS65546']]],
  ['AS4294967295 AS4294967296', [['asn', 'AS4294967295']]],
  ['as 2020 ended', []],
]);

table('CVEs', [
  ['CVE-2021-44228', [['cve', 'CVE-2021-44228']]],
  ['cve-2021-44228', [['cve', 'CVE-2021-44228']]],
  ['CVE\u20132021\u201344228', [['cve', 'CVE-2021-44228']]],
  ['CVE-2024-1234567', [['cve', 'CVE-2024-1234567']]],
  ['CVE-2021-123 CVE-21-44228', []],
]);

const hex = (length: number, seed = 'a1b2c3d4e5f6') => seed.repeat(Math.ceil(length / seed.length)).slice(0, length);

table('hashes of each length', [
  [hex(32).toUpperCase(), [['md5', hex(32)]]],
  [hex(40), [['sha1', hex(40)]]],
  [hex(56), [['sha224', hex(56)]]],
  [hex(64), [['sha256', hex(64)]]],
  [hex(96), [['sha384', hex(96)]]],
  [hex(128), [['sha512', hex(128)]]],
  [`T1${hex(70).toUpperCase()}`, [['tlsh', `t1${hex(70)}`]]],
  [`sha256:${hex(64)}.`, [['sha256', hex(64)]]],
  [`md5=${hex(32)}`, [['md5', hex(32)]]],
  [hex(33), []],
  ['1'.repeat(32), []],
  [`0x${hex(32)}`, []],
]);

table('ssdeep', [
  [
    '96:s4Ud1Lj96tHHlZDrwciQmA5kZbGvkOvXj1Ztu:j+ERjdLZDHKPkvk4vLu',
    [['ssdeep', '96:s4Ud1Lj96tHHlZDrwciQmA5kZbGvkOvXj1Ztu:j+ERjdLZDHKPkvk4vLu']],
  ],
  ['3:a+b/c:d/e', [['ssdeep', '3:a+b/c:d/e']]],
  ['12:30:45 10:abc:def 6:1234:5678', []],
]);

table('bitcoin addresses (checksums verified)', [
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', [['btc', '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']]],
  ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', [['btc', '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy']]],
  ['bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq', [['btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']]],
  ['BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ', [['btc', 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq']]],
  [
    'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297',
    [['btc', 'bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297']],
  ],
  ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp', []],
]);

table('e-mail addresses', [
  ['Alice.Smith+tag@Evil.COM', [['email', 'alice.smith+tag@evil.com']]],
  ['mailto:a@evil.com', [['email', 'a@evil.com']]],
  ['From: first_last@mail.evil.co.uk;', [['email', 'first_last@mail.evil.co.uk']]],
  ['a@b', []],
  ['.a@evil.com', [['email', 'a@evil.com']]],
]);

table('URLs', [
  ['https://evil.com:8443/a/b?c=d&e=f#g', [['url', 'https://evil.com:8443/a/b?c=d&e=f#g']]],
  ['HTTP://EVIL.COM/Path', [['url', 'http://evil.com/Path']]],
  ['http://user:pw@evil.com/x', [['url', 'http://user:pw@evil.com/x']]],
  ['http://1.2.3.4:8080/x', [['url', 'http://1.2.3.4:8080/x']]],
  ['http://[2001:DB8::1]:8080/x', [['url', 'http://[2001:db8::1]:8080/x']]],
  ['http://evil.com', [['url', 'http://evil.com']]],
  ['See http://evil.com/a.', [['url', 'http://evil.com/a']]],
  ['(http://evil.com/a)', [['url', 'http://evil.com/a']]],
  ['(see http://evil.com/a_(b))', [['url', 'http://evil.com/a_(b)']]],
  ['"http://evil.com/a"', [['url', 'http://evil.com/a']]],
  [
    'http://evil.com/a, http://evil.com/b;',
    [
      ['url', 'http://evil.com/a'],
      ['url', 'http://evil.com/b'],
    ],
  ],
  ['url=http://evil.com/a', [['url', 'http://evil.com/a']]],
  ['http://evil.com.:80/x', [['url', 'http://evil.com:80/x']]],
  ['evil.com/gate.php?id=1', [['url', 'evil.com/gate.php?id=1']]],
  ['1.2.3.4/index.html', [['url', '1.2.3.4/index.html']]],
  ['http://localhost/x chrome://settings http://nodot/x', []],
]);

table('domains', [
  ['Evil.COM', [['domain', 'evil.com']]],
  ['evil.com.', [['domain', 'evil.com']]],
  ['evil.com:8080', [['domain', 'evil.com']]],
  ['sub.domain.evil.co.uk', [['domain', 'sub.domain.evil.co.uk']]],
  [
    'bad.example and x.test',
    [
      ['domain', 'bad.example'],
      ['domain', 'x.test'],
    ],
  ],
  ['abcdefghijklmnop.onion', [['domain', 'abcdefghijklmnop.onion']]],
  [
    'evil[.]zip www.evil.zip',
    [
      ['domain', 'evil.zip'],
      ['domain', 'www.evil.zip'],
    ],
  ],
]);

table('things that are not indicators', [
  ['version 1.2.3 v2.4.1 1.2.3', []],
  ['Chrome 120.0.6099.109', []],
  ['version 10.0.0.1 and v 1.2.3.4', []],
  ['Mozilla/5.0 (Windows NT 10.0) Chrome/120.0.0.0 Safari/537.36', []],
  ['at 12.30 or 12:30', []],
  ['pi is 3.14159 and 1,234,567,890 and 1,000.5', []],
  ['invoice.pdf setup.exe report.docx archive.tar.gz', []],
  ['archive.zip video.mov setup.py install.sh README.md libc.so main.tf', []],
  ['e.g. i.e. U.S. etc. node.js Next.js', []],
  ['Microsoft.Office System.Management.Automation console.Log', []],
  ['the quick brown fox jumps over the lazy dog', []],
  ['-- ... :: // @@ ## ~~', []],
  ['2024-01-15 2024.01.15 15/01/2024', []],
  ['a-b.c-d not_a.domain', []],
]);

describe('ordering, de-duplication and raw', () => {
  it('returns indicators in order of first appearance', () => {
    expect(pairs('evil.com then 1.2.3.4 then evil.com again then CVE-2021-44228')).toEqual([
      ['domain', 'evil.com'],
      ['ipv4', '1.2.3.4'],
      ['cve', 'CVE-2021-44228'],
    ]);
  });

  it('de-duplicates by kind and value after normalisation', () => {
    const found = extractIndicators('EVIL.com evil[.]com evil(dot)com e\u200bvil.com');
    expect(found).toHaveLength(1);
    expect(found[0]?.raw).toBe('EVIL.com');
  });

  it('keeps the same value under different kinds', () => {
    expect(pairs('http://evil.com/x evil.com')).toEqual([
      ['url', 'http://evil.com/x'],
      ['domain', 'evil.com'],
    ]);
  });

  it('leaves a trailing port out of raw', () => {
    expect(extractIndicators('45.9.148[.]108:8080 evil.com:443').map((found) => found.raw)).toEqual([
      '45.9.148[.]108',
      'evil.com',
    ]);
  });

  it('keeps the text as written in raw', () => {
    const [url, email, domain] = extractIndicators('hxxps://evil[.]com/a user[at]evil[.]com münchen.de');
    expect(url?.raw).toBe('hxxps://evil[.]com/a');
    expect(email?.raw).toBe('user[at]evil[.]com');
    expect(domain?.raw).toBe('münchen.de');
  });

  it('lists the MISP attribute types each kind can be stored as', () => {
    const byKind = Object.fromEntries(
      extractIndicators(`1.2.3.4 evil.com ${hex(32)} ${hex(64)} a@evil.com http://evil.com/ AS1 x.onion`).map(
        (found) => [found.kind === 'domain' ? found.value : found.kind, found.mispTypes],
      ),
    );
    expect(byKind.ipv4).toEqual(expect.arrayContaining(['ip-dst', 'ip-src']));
    expect(byKind['evil.com']).toEqual(expect.arrayContaining(['domain', 'hostname']));
    expect(byKind.md5).toEqual(expect.arrayContaining(['md5', 'imphash', 'ja3-fingerprint-md5', 'filename|md5']));
    expect(byKind.sha256).toEqual(expect.arrayContaining(['sha256', 'sha3-256', 'sha512/256', 'authentihash']));
    expect(byKind.email).toEqual(expect.arrayContaining(['email', 'email-src', 'email-dst']));
    expect(byKind.url).toEqual(expect.arrayContaining(['url', 'link']));
    expect(byKind.asn).toEqual(['AS']);
    expect(byKind['x.onion']).toContain('onion-address');
  });
});

describe('options', () => {
  it('filters by kind', () => {
    expect(extractIndicators('1.2.3.4 evil.com', { kinds: ['domain'] }).map((found) => found.value)).toEqual([
      'evil.com',
    ]);
  });

  it('reports URL hosts on request', () => {
    expect(
      extractIndicators('http://evil.com/a http://[2001:db8::1]/b', { urlHosts: true }).map((found) => [
        found.kind,
        found.value,
        found.raw,
      ]),
    ).toEqual([
      ['url', 'http://evil.com/a', 'http://evil.com/a'],
      ['domain', 'evil.com', 'evil.com'],
      ['url', 'http://[2001:db8::1]/b', 'http://[2001:db8::1]/b'],
      ['ipv6', '2001:db8::1', '2001:db8::1'],
    ]);
  });

  it('returns nothing for a non-string input instead of throwing', () => {
    expect(extractIndicators(undefined as unknown as string)).toEqual([]);
  });
});
