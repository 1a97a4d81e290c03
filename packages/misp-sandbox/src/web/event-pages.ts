// The read-only event pages a browser gets: the list (/events/index) and one event (/events/view/N),
// built from the same `Event` objects the API returns, so the page shows exactly what the API would.
import { type Html, html, tagPill } from './html.js';

type Json = Record<string, unknown>;

const THREAT_LEVEL: Record<string, string> = { '1': 'High', '2': 'Medium', '3': 'Low', '4': 'Undefined' };
const ANALYSIS: Record<string, string> = { '0': 'Initial', '1': 'Ongoing', '2': 'Completed' };
const DISTRIBUTION: Record<string, string> = {
  '0': 'Your organisation only',
  '1': 'This community only',
  '2': 'Connected communities',
  '3': 'All communities',
  '4': 'Sharing group',
  '5': 'Inherit event',
};
const SIGHTING_TYPE: Record<string, string> = { '0': 'sighting', '1': 'false positive', '2': 'expiration' };
const SIGHTING_PLURAL: Record<string, string> = { '0': 'sightings', '1': 'false positives', '2': 'expirations' };

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const orgName = (value: unknown): string => String((value as Json | undefined)?.name ?? '');
const day = (epoch: unknown): string => {
  const n = Number(epoch);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString().slice(0, 16).replace('T', ' ') : '';
};

function tags(value: unknown): Html {
  return html`${list(value).map(tagPill)}`;
}

export function eventListBody(events: Json[]): Html {
  if (events.length === 0) return html`<h1>Events</h1><p>No events visible to you.</p>`;
  const rows = events.map(
    (e) =>
      html`<tr><td><a href="/events/view/${e.id}">${e.id}</a></td><td class="nowrap">${e.date}</td><td>${orgName(e.Orgc)}</td><td>${tags(e.Tag)}</td><td><a href="/events/view/${e.id}">${e.info}</a></td><td>${THREAT_LEVEL[String(e.threat_level_id)] ?? ''}</td><td>${e.published ? 'yes' : 'no'}</td></tr>`,
  );
  return html`<h1>Events</h1><p class="muted">Read-only: the sandbox's browser pages show data; change it through the API.</p><table><thead><tr><th>Id</th><th>Date</th><th>Creator org</th><th>Tags</th><th>Info</th><th>Threat level</th><th>Published</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function attributeRows(attributes: Json[]): Html {
  return html`${attributes.map((a) => {
    const sightings = list(a.Sighting);
    const counts = ['0', '1', '2']
      .map((t) => [t, sightings.filter((s) => String(s.type) === t).length] as const)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${n} ${(n === 1 ? SIGHTING_TYPE : SIGHTING_PLURAL)[t]}`)
      .join(', ');
    return html`<tr><td class="nowrap">${day(a.timestamp)}</td><td>${a.category}</td><td>${a.type}</td><td><code>${a.value}</code></td><td>${tags(a.Tag)}</td><td>${a.to_ids ? 'yes' : 'no'}</td><td class="long">${a.comment}</td><td>${counts || '—'}</td></tr>`;
  })}`;
}

const ATTRIBUTE_HEAD = html`<thead><tr><th>Date</th><th>Category</th><th>Type</th><th>Value</th><th>Tags</th><th>IDS</th><th>Comment</th><th>Sightings</th></tr></thead>`;

function galaxies(event: Json): Html {
  const galaxyList = list(event.Galaxy);
  if (galaxyList.length === 0) return html``;
  return html`<h2>Galaxies</h2><dl>${galaxyList.map(
    (g) =>
      html`<dt>${g.name}</dt><dd>${list(g.GalaxyCluster).map((c) => html`<div><strong>${c.value}</strong>${c.description ? html` — <span class="muted">${c.description}</span>` : ''}</div>`)}</dd>`,
  )}</dl>`;
}

function sightingsTable(attributes: Json[]): Html {
  const rows = attributes.flatMap((a) =>
    list(a.Sighting).map(
      (s) =>
        html`<tr><td class="nowrap">${day(s.date_sighting)}</td><td><code>${a.value}</code></td><td>${SIGHTING_TYPE[String(s.type)] ?? s.type}</td><td>${orgName(s.Organisation)}</td><td>${s.source}</td></tr>`,
    ),
  );
  if (rows.length === 0) return html`<h2>Sightings</h2><p>No sightings.</p>`;
  return html`<h2>Sightings</h2><table><thead><tr><th>Date</th><th>Value</th><th>Type</th><th>Organisation</th><th>Source</th></tr></thead><tbody>${rows}</tbody></table>`;
}

export function eventViewBody(event: Json): Html {
  const attributes = list(event.Attribute);
  const objects = list(event.Object);
  const all = [...attributes, ...objects.flatMap((o) => list(o.Attribute))];
  const objectSections = objects.map(
    (o) =>
      html`<h3>${o.name} <span class="muted">(${o['meta-category']}) ${o.comment}</span></h3><table>${ATTRIBUTE_HEAD}<tbody>${attributeRows(list(o.Attribute))}</tbody></table>`,
  );
  return html`<h1>${event.info}</h1>
<dl><dt>Event ID</dt><dd>${event.id}</dd><dt>UUID</dt><dd><code>${event.uuid}</code></dd><dt>Creator org</dt><dd>${orgName(event.Orgc)}</dd><dt>Owner org</dt><dd>${orgName(event.Org)}</dd><dt>Tags</dt><dd>${tags(event.Tag)}</dd><dt>Date</dt><dd>${event.date}</dd><dt>Threat level</dt><dd>${THREAT_LEVEL[String(event.threat_level_id)] ?? event.threat_level_id}</dd><dt>Analysis</dt><dd>${ANALYSIS[String(event.analysis)] ?? event.analysis}</dd><dt>Distribution</dt><dd>${DISTRIBUTION[String(event.distribution)] ?? event.distribution}</dd><dt>Published</dt><dd>${event.published ? `yes (${day(event.publish_timestamp)})` : 'no'}</dd><dt>Attributes</dt><dd>${all.length}</dd></dl>
${galaxies(event)}
<h2>Attributes</h2>${attributes.length ? html`<table>${ATTRIBUTE_HEAD}<tbody>${attributeRows(attributes)}</tbody></table>` : html`<p>No attributes outside objects.</p>`}
<h2>Objects</h2>${objects.length ? objectSections : html`<p>No objects.</p>`}
${sightingsTable(all)}
<p class="muted">JSON of this event: <code>GET /events/view/${event.id}</code> with <code>Authorization: &lt;API key&gt;</code> and <code>Accept: application/json</code>.</p>`;
}
