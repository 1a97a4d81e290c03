import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polynomialScore } from '../src/decaying.js';
import type { MispSandbox } from '../src/index.js';
import { SpecChecker } from './accounts/spec-check.js';
import { DECAYING_OPERATIONS } from './admin-operations.js';
import { type Api, type Json, withSandbox } from './helpers.js';

const DAY = 86400;
const checker = new SpecChecker();

describe('the polynomial formula', () => {
  const parameters = { tau: 30, delta: 0.3, threshold: 30, default_base_score: 80, base_score_config: {} };
  it('starts at the base score, falls to 0 at the lifetime and never below', () => {
    expect(polynomialScore(parameters, 80, 0)).toBe(80);
    expect(polynomialScore(parameters, 80, 30 * DAY)).toBe(0);
    expect(polynomialScore(parameters, 80, 90 * DAY)).toBe(0);
    expect(polynomialScore(parameters, 80, -1)).toBe(0);
  });
  it('decays fast late with delta below 1 and fast early with delta above 1', () => {
    expect(polynomialScore(parameters, 80, 15 * DAY)).toBeCloseTo(80 * (1 - 0.5 ** (1 / 0.3)), 6);
    expect(polynomialScore({ ...parameters, delta: 2 }, 80, 15 * DAY)).toBeCloseTo(80 * (1 - Math.SQRT1_2), 6);
  });
});

describe('decaying models (decaying_model/*) and decay scores in restSearch', () => {
  let misp: MispSandbox;
  let api: Api;
  let userKey: string;
  beforeAll(async () => {
    ({ misp } = await withSandbox({ seed: 'none' }));
    api = checker.api(misp);
    userKey = (await api('POST', '/admin/users/add', { email: 'user@decaying.test', role_id: '3' })).body.User.authkey;
    await api('POST', '/events/add', {
      info: 'decaying',
      Attribute: [
        { type: 'ip-dst', value: '198.51.100.44', to_ids: true },
        { type: 'comment', category: 'Other', value: 'no model covers comments' },
      ],
    });
  });
  afterAll(() => misp.close());

  it('has no models on a fresh instance, and no decay_score without one', async () => {
    expect((await api('GET', '/decaying_model/index')).body).toEqual([]);
    const missing = await api('GET', '/decaying_model/view/1');
    expect([missing.status, missing.body.message]).toEqual([404, 'No Decaying Model with the provided ID exists']);
    const found = (await api('POST', '/attributes/restSearch', { eventid: '1', includeDecayScore: 1 })).body;
    expect(found.response.Attribute.map((a: Json) => 'decay_score' in a)).toEqual([false, false]);
  });

  it('loads the default models (site admin), disabled', async () => {
    expect((await api('POST', '/decaying_model/update', {}, { key: userKey })).status).toBe(403);
    const loaded = await api('POST', '/decaying_model/update', {});
    expect(loaded.body).toMatchObject({ saved: true, message: 'Default decaying models updated' });
    const models = (await api('GET', '/decaying_model/index')).body;
    expect(models.map((m: Json) => [m.DecayingModel.formula, m.DecayingModel.enabled])).toEqual([
      ['Polynomial', false],
      ['Polynomial', false],
    ]);
    expect((await api('GET', '/decaying_model/view/1')).body.DecayingModel).toMatchObject({
      id: '1',
      isEditable: true,
      attribute_types: expect.arrayContaining(['ip-dst']),
    });
  });

  it('scores covered attributes once a model is enabled, and excludeDecayed drops decayed ones', async () => {
    const refused = await api('POST', '/decaying_model/enable/1', {}, { key: userKey });
    expect([refused.status, refused.body.message]).toEqual([405, 'You are not authorised to enable this model.']);
    const enabled = await api('POST', '/decaying_model/enable/1', {});
    expect(enabled.body).toMatchObject({ saved: true, message: 'Decaying model enabled', id: '1' });
    expect(enabled.body.data.DecayingModel.enabled).toBe(true);
    const found = (await api('POST', '/attributes/restSearch', { eventid: '1', includeDecayScore: 1 })).body;
    const [ip, comment] = found.response.Attribute;
    expect(comment.decay_score).toBeUndefined();
    expect(ip.decay_score).toHaveLength(1);
    expect(ip.decay_score[0]).toMatchObject({ base_score: 80, decayed: false, DecayingModel: { id: '1' } });
    expect(ip.decay_score[0].score).toBeGreaterThan(79);
    // A threshold above the base score makes everything decayed; model 2 (hashes) covers no ip-dst.
    await api('POST', '/decaying_model/disable/1', {});
    const byId = (
      await api('POST', '/attributes/restSearch', { eventid: '1', includeDecayScore: 1, decayingModel: [1, 2] })
    ).body;
    expect(byId.response.Attribute[0].decay_score.map((s: Json) => s.DecayingModel.id)).toEqual(['1']);
    misp.db
      .prepare(
        "UPDATE decaying_models SET enabled = 1, parameters = json_set(parameters, '$.threshold', 90) WHERE id = 1",
      )
      .run();
    const kept = (await api('POST', '/attributes/restSearch', { eventid: '1', excludeDecayed: 1 })).body;
    expect(kept.response.Attribute.map((a: Json) => a.type)).toEqual(['comment']);
  });

  it('answered every decaying operation as the contract says', () => {
    expect(DECAYING_OPERATIONS.filter((id) => !checker.exercised.has(id))).toEqual([]);
    expect(checker.problems.filter((p) => DECAYING_OPERATIONS.includes(p.split(/[: ]/)[0] ?? ''))).toEqual([]);
  });
});
