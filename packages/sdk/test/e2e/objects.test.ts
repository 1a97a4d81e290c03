// MISP objects, object references and object templates through the generated methods, against the MISP
// sandbox over HTTP (or a real MISP, see sandbox.ts): build a domain-ip and a url object from MISP's real
// templates, link them, edit, search, delete; MISP's refusals as typed errors.
import { beforeAll, describe, expect, it } from 'vitest';
import { MispNotFoundError, MispValidationError } from '../../src/index.js';
import { useSandbox } from './sandbox.js';

const e2e = useSandbox();
const run = Date.now().toString(36);
let eventId: string;

async function failure(call: Promise<unknown>): Promise<Error> {
  try {
    await call;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

async function template(name: string) {
  const found = (await e2e.misp.objectTemplates.list()).find((t) => t.ObjectTemplate.name === name);
  if (!found) throw new Error(`no object template ${name}`);
  return found.ObjectTemplate;
}

beforeAll(async () => {
  const event = await e2e.misp.events.add({ info: `SDK objects ${run}`, distribution: '0' });
  eventId = event.id;
});

describe('object templates', () => {
  it('lists MISP’s templates and shows one with its elements', async () => {
    const domainIp = await template('domain-ip');
    expect(domainIp.requirements).toEqual({ requiredOneOf: ['ip', 'domain', 'hostname'] });
    const full = await e2e.misp.objectTemplates.get(domainIp.uuid);
    expect(full.ObjectTemplate.id).toBe(domainIp.id);
    expect(full.ObjectTemplateElement.map((e) => e.object_relation)).toContain('domain');
  });
});

describe('objects', () => {
  it('adds from a template, edits, finds, references and deletes', async () => {
    const domainIp = await template('domain-ip');
    const object = await e2e.misp.objects.addFromTemplate(eventId, domainIp.id, {
      first_seen: '2024-03-01T00:00:00Z',
      Attribute: [
        { object_relation: 'domain', type: 'domain', value: `sdk-${run}.example` },
        { object_relation: 'ip', type: 'ip-dst', value: '203.0.113.50' },
      ],
    });
    expect(object).toMatchObject({
      name: 'domain-ip',
      template_uuid: domainIp.uuid,
      first_seen: '2024-03-01T00:00:00.000000+00:00',
    });
    const url = await template('url');
    const urlObject = await e2e.misp.objects.add(eventId, {
      name: 'url',
      'meta-category': url['meta-category'],
      description: url.description,
      template_uuid: url.uuid,
      template_version: url.version,
      Attribute: [{ object_relation: 'url', type: 'url', value: `https://sdk-${run}.example/login` }],
    });

    const reference = await e2e.misp.objectReferences.add(urlObject.id, {
      referenced_uuid: object.uuid,
      relationship_type: 'resolves-to',
    });
    expect(reference).toMatchObject({
      referenced_uuid: object.uuid,
      referenced_type: '1',
      object_uuid: urlObject.uuid,
    });
    expect((await e2e.misp.objectReferences.get(reference.id)).relationship_type).toBe('resolves-to');
    const viewed = await e2e.misp.events.get(eventId);
    const shown = viewed.Object?.find((o) => o.id === urlObject.id);
    expect(shown?.ObjectReference?.[0]?.Object).toMatchObject({ uuid: object.uuid, name: 'domain-ip' });

    const edited = await e2e.misp.objects.update(object.id, { comment: 'seen in a phishing kit' });
    expect(edited.Object.comment).toBe('seen in a phishing kit');
    expect(edited.Event.id).toBe(eventId);

    const found = await e2e.misp.objects.search({ eventid: eventId, object_name: 'domain-ip' });
    expect(found.map((o) => o.uuid)).toEqual([object.uuid]);

    expect((await e2e.misp.objectReferences.delete(reference.id)).saved).toBe(true);
    expect((await e2e.misp.objectReferences.get(reference.id)).deleted).toBe(true);
    expect((await e2e.misp.objects.delete(urlObject.id)).saved).toBe(true);
    expect((await e2e.misp.objects.get(urlObject.id)).deleted).toBe(true);
    await e2e.misp.objects.delete(urlObject.id, { hard: true });
    expect(await e2e.misp.objects.exists(urlObject.id)).toBe(false);
  });

  it('deletes by the path form MISP documents, /objects/delete/{id}/{hard}: 0 soft, 1 for good', async () => {
    const domainIp = await template('domain-ip');
    const add = () =>
      e2e.misp.objects.addFromTemplate(eventId, domainIp.id, {
        Attribute: [{ object_relation: 'ip', type: 'ip-dst', value: '203.0.113.77' }],
      });
    const soft = await add();
    expect((await e2e.misp.objects.deleteWithHardFlag(soft.id, '0')).saved).toBe(true);
    expect((await e2e.misp.objects.get(soft.id)).deleted).toBe(true);
    const hard = await add();
    expect((await e2e.misp.objects.deleteWithHardFlag(hard.id, '1')).saved).toBe(true);
    expect(await e2e.misp.objects.exists(hard.id)).toBe(false);
  });

  it('breakOnDuplicate refuses a copy of an object of the event (MispValidationError)', async () => {
    const domainIp = await template('domain-ip');
    const body = { Attribute: [{ object_relation: 'domain', type: 'domain' as const, value: `dup-${run}.example` }] };
    const first = await e2e.misp.objects.addFromTemplate(eventId, domainIp.id, body);
    const error = await failure(
      e2e.misp.objects.addFromTemplate(eventId, domainIp.id, { ...body, breakOnDuplicate: true }),
    );
    expect(error).toBeInstanceOf(MispValidationError);
    expect(error.message).toContain(`Duplicate object found (id: ${first.id}, uuid: ${first.uuid})`);
  });

  it('a template requirement not met is a MispValidationError, and nothing is saved', async () => {
    const domainIp = await template('domain-ip');
    const before = (await e2e.misp.objects.search({ eventid: eventId })).length;
    const error = await failure(
      e2e.misp.objects.addFromTemplate(eventId, domainIp.uuid, {
        Attribute: [{ object_relation: 'port', type: 'port', value: '443' }],
      }),
    );
    expect(error).toBeInstanceOf(MispValidationError);
    expect(error.message).toMatch(/requires at least one of the following attributes to be set: ip, domain, hostname/);
    expect((await e2e.misp.objects.search({ eventid: eventId })).length).toBe(before);
  });

  it('an unknown reference target and an unknown template are MispNotFoundErrors', async () => {
    const url = await template('url');
    const object = await e2e.misp.objects.addFromTemplate(eventId, url.id, {
      Attribute: [{ object_relation: 'url', type: 'url', value: `https://sdk-${run}.example/x` }],
    });
    const target = await failure(
      e2e.misp.objectReferences.add(object.id, { referenced_uuid: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(target).toBeInstanceOf(MispNotFoundError);
    expect(target.message).toMatch(/Invalid target\./);
    const unknown = await failure(
      e2e.misp.objects.addFromTemplate(eventId, '00000000-0000-4000-8000-000000000000', {
        Attribute: [{ object_relation: 'url', type: 'url', value: 'https://x.example/' }],
      }),
    );
    expect(unknown).toBeInstanceOf(MispNotFoundError);
  });
});
