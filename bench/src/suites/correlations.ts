// Correlations at scale: 1,000,000 attributes (one in ten repeating one of 1,000 shared values, so each
// shared value sits in ~100 events and the over-correlation limit is exercised) loaded with correlations on
// in bulk, then events/view with RelatedEvent and attributes/restSearch with includeCorrelations over HTTP.
import { scaleSharedValue, scaleValue, seedScale } from '@mispkit/misp-sandbox';
import { round, type Section, type Suite, summarise } from '../report.js';
import { loadNote, timed, withScaleSandbox } from '../scale-sandbox.js';

const ATTRIBUTES = 1_000_000;
const EVENTS = Math.ceil(ATTRIBUTES / 10);
const CORRELATE_EVERY = 10;

const SAMPLES = 200;

const suite: Suite = {
  name: 'correlations',
  async run(): Promise<Section[]> {
    return withScaleSandbox('misp-sandbox-correlations-', async ({ misp, call }) => {
      const ingest = seedScale(misp, { attributes: ATTRIBUTES, events: EVENTS, correlateEvery: CORRELATE_EVERY });
      const rows = (misp.db.prepare('SELECT COUNT(*) AS n FROM correlations').get() as { n: number }).n;
      // A small second load whose shared values appear ~10 times each: under the limit, so they correlate.
      const sparseEvents = 10_000;
      const firstSparseEvent = EVENTS + 1;
      seedScale(misp, {
        attributes: 100_000,
        events: sparseEvents,
        correlateEvery: 10,
        sharedValues: { size: 1000, offset: 1000 },
      });
      const sparseEvent = () => firstSparseEvent + Math.floor(Math.random() * sparseEvents);
      const correlatingEvent = (
        misp.db
          .prepare(
            `SELECT a.event_id AS id FROM attributes a JOIN correlations f ON f.attribute_id = a.id
             WHERE a.event_id >= ? AND a.value1 LIKE 'shared%' LIMIT 1`,
          )
          .get(firstSparseEvent) as { id: number } | undefined
      )?.id;
      if (!correlatingEvent) throw new Error('no correlating event after the load');
      const probe = (await call('GET', `/events/view/${correlatingEvent}`)) as { Event: { RelatedEvent: unknown[] } };
      const relatedCount = probe.Event.RelatedEvent.length;
      if (relatedCount === 0) throw new Error('events/view found no RelatedEvent for a correlating event');

      const view = summarise(
        await timed(() => call('GET', `/events/view/${sparseEvent()}`).then(() => undefined), SAMPLES),
      );
      const plainValue = () => scaleValue(Math.floor(Math.random() * ATTRIBUTES)).value;
      const searchCorrelated = summarise(
        await timed(
          () =>
            call('POST', '/attributes/restSearch', {
              value: [plainValue(), scaleSharedValue(Math.floor(Math.random() * 1000))],
              includeCorrelations: 1,
            }).then(() => undefined),
          SAMPLES,
        ),
      );
      const searchPlain = summarise(
        await timed(
          () => call('POST', '/attributes/restSearch', { value: plainValue() }).then(() => undefined),
          SAMPLES,
        ),
      );
      return [
        {
          title: `Correlations: ${ATTRIBUTES.toLocaleString('en')} attributes in ${EVENTS.toLocaleString('en')} events, 1 in ${CORRELATE_EVERY} on 1,000 shared values (SQLite file, HTTP on 127.0.0.1)`,
          rows: [
            {
              name: 'ingest rate with correlations (bulk-built after the load)',
              value: Math.round(ingest.attributesPerSecond),
              unit: 'attributes/s',
              target: '≥ 50000',
              met: ingest.attributesPerSecond >= 50000,
            },
            { name: 'ingest wall time incl. indexes and correlations', value: round(ingest.seconds, 1), unit: 's' },
            {
              name: 'of which building the correlations',
              value: round(ingest.correlationSeconds, 1),
              unit: 's',
            },
            {
              name: 'ingest rate without the correlation build (same run)',
              value: Math.round(ATTRIBUTES / Math.max(ingest.seconds - ingest.correlationSeconds, 1e-9)),
              unit: 'attributes/s',
            },
            { name: 'correlating attributes after the first load (rows of `correlations`)', value: rows },
            { name: 'RelatedEvent entries of the probe event', value: relatedCount },
            { name: 'events/view with RelatedEvent p50', value: round(view.p50), unit: 'ms' },
            { name: 'events/view with RelatedEvent p99', value: round(view.p99), unit: 'ms' },
            {
              name: 'attributes/restSearch 2 values + includeCorrelations p50',
              value: round(searchCorrelated.p50),
              unit: 'ms',
            },
            {
              name: 'attributes/restSearch 2 values + includeCorrelations p99',
              value: round(searchCorrelated.p99),
              unit: 'ms',
            },
            {
              name: 'attributes/restSearch exact value p50 (same database)',
              value: round(searchPlain.p50),
              unit: 'ms',
            },
          ],
          notes: [
            'Shared values of the first load sit in ~100 events each, over MISP’s correlation limit of 20: they correlate nowhere (MISP’s over-correlation rule), as a full recorrelation in MISP leaves them.',
            'events/view samples events of a second load of 100,000 attributes whose shared values repeat ~10 times, under the limit.',
            loadNote(),
          ],
        },
      ];
    });
  },
};

export default suite;
