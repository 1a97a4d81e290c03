import { describe, expect, it } from 'vitest';
import { CATEGORY_TYPE_MAPPINGS, COMPOSITE_TYPES, describeTypes, SANE_DEFAULTS, TYPES } from '../src/describe-types.js';
import { normaliseIp, validateAttribute } from '../src/validate.js';

describe('describeTypes catalogue', () => {
  it('has MISP 2.5.1’s 191 types, 16 categories, 94 to_ids defaults and every default category accepting its type', () => {
    expect(TYPES).toHaveLength(191);
    expect(TYPES).not.toContain('suricata');
    expect(describeTypes().result.categories).toHaveLength(16);
    expect(Object.values(SANE_DEFAULTS).filter((d) => d.to_ids === 1)).toHaveLength(94);
    for (const [type, sane] of Object.entries(SANE_DEFAULTS))
      expect(CATEGORY_TYPE_MAPPINGS[sane.default_category]).toContain(type);
    expect(CATEGORY_TYPE_MAPPINGS['Payload delivery']).toHaveLength(98);
    expect(COMPOSITE_TYPES.size).toBe(25);
  });
});

describe('value validation and normalisation', () => {
  const ok = (type: string, value: string, category = SANE_DEFAULTS[type]?.default_category) => {
    const result = validateAttribute(type, category, value);
    if (!result.ok) throw new Error(result.message);
    return [result.value1, result.value2];
  };

  it('normalises IPs: compressed IPv6, /32 and /128 dropped, CIDR kept', () => {
    expect(normaliseIp('2001:0DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normaliseIp('10.1.2.3/32')).toBe('10.1.2.3');
    expect(normaliseIp('10.1.0.0/16')).toBe('10.1.0.0/16');
    expect(normaliseIp('::1/128')).toBe('::1');
    expect(normaliseIp('10.1.2.3/33')).toBeNull();
    expect(normaliseIp('300.1.1.1')).toBeNull();
  });

  it('splits composite values into value1/value2 and validates each half', () => {
    expect(ok('ip-dst|port', '198.51.100.1|443')).toEqual(['198.51.100.1', '443']);
    expect(ok('filename|sha256', `a.exe|${'F'.repeat(64)}`)).toEqual(['a.exe', 'f'.repeat(64)]);
    expect(ok('domain|ip', 'Example.ORG|192.0.2.1')).toEqual(['example.org', '192.0.2.1']);
    expect(validateAttribute('ip-dst|port', 'Network activity', '198.51.100.1|99999').ok).toBe(false);
    expect(validateAttribute('filename|md5', 'Payload delivery', 'only-left').ok).toBe(false);
  });

  it('checks hash lengths, domains, e-mails, AS numbers and CVE ids', () => {
    expect(ok('md5', 'D41D8CD98F00B204E9800998ECF8427E')).toEqual(['d41d8cd98f00b204e9800998ecf8427e', '']);
    expect(validateAttribute('sha256', 'Payload delivery', 'abc').ok).toBe(false);
    expect(ok('hostname', 'WWW.Example.COM.')).toEqual(['www.example.com', '']);
    expect(validateAttribute('domain', 'Network activity', 'no_tld').ok).toBe(false);
    expect(validateAttribute('email-src', 'Payload delivery', 'user@').ok).toBe(false);
    expect(ok('AS', 'as64500')).toEqual(['64500', '']);
    expect(ok('vulnerability', 'cve-2026-1234')).toEqual(['CVE-2026-1234', '']);
    expect(validateAttribute('vulnerability', 'External analysis', 'CVE-26-1').ok).toBe(false);
  });

  it('checks e-mail addresses in time linear in their length', () => {
    const email = (value: string) => validateAttribute('email-src', 'Payload delivery', value).ok;
    expect(['a@b.c', 'a@.b.c', 'a@b..c', 'first.last@mail.example'].map(email)).toEqual([true, true, true, true]);
    expect(['a@b.', 'a@.b', 'a@bc', 'a b@c.d', 'a@b@c.d', '@b.c'].map(email)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    // A regex `[^@\s]+\.[^@\s]+` backtracks quadratically here: 40,000 dots took 1.4 s, a 10 MiB body hours.
    expect(email(`a@${'.'.repeat(10_000_000)}@x`)).toBe(false);
    expect(email(`a@${'.'.repeat(10_000_000)}x`)).toBe(true);
  });

  it('rejects unknown types, type/category pairs outside the mapping and empty values', () => {
    expect(validateAttribute('nope', 'Other', 'x')).toMatchObject({ ok: false, field: 'type' });
    expect(validateAttribute('ip-dst', 'Person', '192.0.2.1')).toMatchObject({
      ok: false,
      field: 'type',
      message: 'Options depend on the selected category.',
    });
    expect(validateAttribute('ip-dst', 'No such category', '192.0.2.1')).toMatchObject({
      ok: false,
      also: { category: ['Options : Payload delivery, Antivirus detection, Payload installation, Files dropped ...'] },
    });
    expect(validateAttribute(undefined, 'Other', 'x')).toMatchObject({ field: 'type', message: 'No type set.' });
    expect(validateAttribute('nope', 'Other', 'x')).toMatchObject({ field: 'type', message: 'Invalid type.' });
    expect(validateAttribute('text', 'Other', '   ')).toMatchObject({ ok: false, field: 'value' });
  });

  it('stores free-text types as given', () => {
    expect(ok('text', "Robert'); DROP TABLE attributes;--")).toEqual(["Robert'); DROP TABLE attributes;--", '']);
  });
});
