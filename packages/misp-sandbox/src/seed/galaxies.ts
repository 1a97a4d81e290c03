import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { findOrCreateTag } from '../model/tags.js';
import { stableUuid } from './random.js';

interface ClusterSeed {
  value: string;
  description: string;
  meta: Record<string, unknown>;
}

/** Galaxies written for the sandbox: ATT&CK-shaped techniques plus threat actors and malware we invented. */
const GALAXIES: {
  type: string;
  name: string;
  namespace: string;
  icon: string;
  description: string;
  killChain?: unknown;
  clusters: ClusterSeed[];
}[] = [
  {
    type: 'mitre-attack-pattern',
    name: 'Attack Pattern',
    namespace: 'mitre-attack',
    icon: 'map',
    description: 'ATT&CK-shaped techniques (sandbox subset).',
    killChain: { 'mitre-attack': ['initial-access', 'execution', 'command-and-control', 'exfiltration'] },
    clusters: [
      {
        value: 'Spearphishing Attachment - T1566.001',
        description: 'Malicious file sent by e-mail to a chosen target.',
        meta: { external_id: ['T1566.001'], kill_chain: ['mitre-attack:initial-access'] },
      },
      {
        value: 'PowerShell - T1059.001',
        description: 'Commands and scripts run through PowerShell.',
        meta: { external_id: ['T1059.001'], kill_chain: ['mitre-attack:execution'] },
      },
      {
        value: 'Ingress Tool Transfer - T1105',
        description: 'Tools copied from an external system into the victim network.',
        meta: { external_id: ['T1105'], kill_chain: ['mitre-attack:command-and-control'] },
      },
      {
        value: 'Exfiltration Over C2 Channel - T1041',
        description: 'Data stolen over the existing command-and-control channel.',
        meta: { external_id: ['T1041'], kill_chain: ['mitre-attack:exfiltration'] },
      },
      {
        value: 'Valid Accounts - T1078',
        description: 'Legitimate credentials abused to gain access.',
        meta: { external_id: ['T1078'], kill_chain: ['mitre-attack:initial-access'] },
      },
    ],
  },
  {
    type: 'threat-actor',
    name: 'Threat Actor',
    namespace: 'misp',
    icon: 'user-secret',
    description: 'Invented threat actors for the sandbox.',
    clusters: [
      {
        value: 'GLASS PELICAN',
        description: 'Fictional espionage group targeting energy utilities.',
        meta: { synonyms: ['TA-Pelican'], country: 'ZZ', 'cfr-target-category': ['Energy'] },
      },
      {
        value: 'COPPER LYNX',
        description: 'Fictional financially motivated group running invoice-fraud campaigns.',
        meta: { synonyms: ['Lynx Crew'], 'cfr-target-category': ['Finance'] },
      },
      { value: 'TIDAL WRAITH', description: 'Fictional group abusing telecom infrastructure.', meta: { synonyms: [] } },
    ],
  },
  {
    type: 'malpedia',
    name: 'Malware',
    namespace: 'misp',
    icon: 'bug',
    description: 'Invented malware families for the sandbox.',
    clusters: [
      {
        value: 'QuillStealer',
        description: 'Fictional credential stealer delivered by macro documents.',
        meta: { synonyms: ['Quill'] },
      },
      {
        value: 'NightFerry RAT',
        description: 'Fictional remote-access trojan with HTTPS beaconing.',
        meta: { synonyms: ['NFRat'] },
      },
      {
        value: 'Brackish Loader',
        description: 'Fictional loader that stages second-stage payloads.',
        meta: { synonyms: [] },
      },
    ],
  },
];

export function galaxyTag(type: string, value: string): string {
  return `misp-galaxy:${type}="${value}"`;
}

/**
 * Adds the demo's clusters to MISP's real galaxies (installed with the catalogues): the ATT&CK techniques
 * are real clusters already; the invented actors and malware become extra clusters of the real galaxies.
 * A galaxy missing from the catalogue is created from the definition above.
 */
export function seedGalaxies(db: Database): void {
  const insertGalaxy = prepare(
    db,
    'INSERT OR IGNORE INTO galaxies (uuid, name, type, description, version, icon, namespace, kill_chain_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertCluster = prepare(
    db,
    `INSERT OR IGNORE INTO galaxy_clusters (uuid, galaxy_id, type, value, tag_name, description, source, authors, version, meta)
     VALUES (?, ?, ?, ?, ?, ?, 'mispkit sandbox', '["mispkit"]', '1', ?)`,
  );
  for (const galaxy of GALAXIES) {
    insertGalaxy.run(
      stableUuid(`galaxy:${galaxy.type}`),
      galaxy.name,
      galaxy.type,
      galaxy.description,
      '1',
      galaxy.icon,
      galaxy.namespace,
      galaxy.killChain ? JSON.stringify(galaxy.killChain) : null,
    );
    const { id } = prepare(db, 'SELECT id FROM galaxies WHERE type = ?').get(galaxy.type) as { id: number };
    for (const cluster of galaxy.clusters) {
      const tag = galaxyTag(galaxy.type, cluster.value);
      insertCluster.run(
        stableUuid(`cluster:${tag}`),
        id,
        galaxy.type,
        cluster.value,
        tag,
        cluster.description,
        JSON.stringify(cluster.meta),
      );
      findOrCreateTag(db, tag);
    }
  }
}
