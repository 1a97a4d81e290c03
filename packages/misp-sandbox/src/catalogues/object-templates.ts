import type { Database } from 'better-sqlite3';
import { prepare } from '../db/statements.js';
import { bool, str } from '../model/format.js';
import type { Row } from '../types.js';
import { readCatalogue } from './files.js';

/** One definition.json of MISP/misp-objects, as scripts/vendor-catalogues.mjs keeps it. */
export interface ObjectTemplateFile {
  uuid: string;
  name: string;
  'meta-category': string;
  description: string;
  version: number;
  required?: string[];
  requiredOneOf?: string[];
  attributes: Record<
    string,
    {
      'misp-attribute': string;
      description?: string;
      'ui-priority'?: number;
      categories?: string[];
      sane_default?: string[];
      values_list?: string[];
      disable_correlation?: boolean;
      multiple?: boolean;
    }
  >;
}

export const OBJECT_TEMPLATE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS object_templates (
    id INTEGER PRIMARY KEY AUTOINCREMENT, uuid TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL, meta_category TEXT NOT NULL,
    description TEXT NOT NULL, version INTEGER NOT NULL, requirements TEXT NOT NULL DEFAULT '{}',
    fixed INTEGER NOT NULL DEFAULT 1, active INTEGER NOT NULL DEFAULT 1, user_id INTEGER NOT NULL DEFAULT 1,
    org_id INTEGER NOT NULL DEFAULT 1, UNIQUE (uuid, version)
  );
  CREATE TABLE IF NOT EXISTS object_template_elements (
    id INTEGER PRIMARY KEY AUTOINCREMENT, object_template_id INTEGER NOT NULL, object_relation TEXT NOT NULL, type TEXT NOT NULL,
    ui_priority INTEGER NOT NULL DEFAULT 0, categories TEXT NOT NULL DEFAULT '[]', sane_default TEXT NOT NULL DEFAULT '[]',
    values_list TEXT NOT NULL DEFAULT '[]', description TEXT NOT NULL DEFAULT '', disable_correlation INTEGER,
    multiple INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS idx_object_template_elements_template ON object_template_elements(object_template_id);
`;

/**
 * Installs the vendored templates as MISP's `objectTemplates/update` does: in folder order, one row per
 * template version not yet installed (an older version stays, as in MISP), its attributes as elements in file
 * order. Returns how many were installed; a database that has them all installs nothing.
 */
export function installObjectTemplates(db: Database, userId = 1, orgId = 1): number {
  db.exec(OBJECT_TEMPLATE_SCHEMA);
  const templates = readCatalogue<ObjectTemplateFile[]>('object-templates');
  const current = prepare(db, 'SELECT MAX(version) AS version FROM object_templates WHERE uuid = ?');
  const insertTemplate = prepare(
    db,
    `INSERT INTO object_templates (uuid, name, meta_category, description, version, requirements, user_id, org_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertElement = prepare(
    db,
    `INSERT INTO object_template_elements (object_template_id, object_relation, type, ui_priority, categories,
       sane_default, values_list, description, disable_correlation, multiple) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let installed = 0;
  db.transaction(() => {
    for (const t of templates) {
      const version = (current.get(t.uuid) as { version: number | null }).version;
      if (version !== null && version >= t.version) continue;
      const requirements: Row = {};
      if (t.required) requirements.required = t.required;
      if (t.requiredOneOf) requirements.requiredOneOf = t.requiredOneOf;
      const id = Number(
        insertTemplate.run(
          t.uuid,
          t.name,
          t['meta-category'],
          t.description,
          t.version,
          // MISP stores no requirements as an empty JSON list, and answers `[]` for them.
          Object.keys(requirements).length ? JSON.stringify(requirements) : '[]',
          userId,
          orgId,
        ).lastInsertRowid,
      );
      for (const [relation, a] of Object.entries(t.attributes)) {
        insertElement.run(
          id,
          relation,
          a['misp-attribute'],
          a['ui-priority'] ?? 0,
          JSON.stringify(a.categories ?? []),
          JSON.stringify(a.sane_default ?? []),
          JSON.stringify(a.values_list ?? []),
          a.description ?? '',
          a.disable_correlation === undefined ? null : a.disable_correlation ? 1 : 0,
          a.multiple ? 1 : 0,
        );
      }
      installed++;
    }
  })();
  return installed;
}

export interface ObjectTemplate {
  row: Row;
  requirements: { required?: string[]; requiredOneOf?: string[] };
  elements: Row[];
}

function load(db: Database, row: Row | undefined): ObjectTemplate | undefined {
  if (!row) return undefined;
  const elements = prepare(db, 'SELECT * FROM object_template_elements WHERE object_template_id = ? ORDER BY id').all(
    row.id,
  ) as Row[];
  const requirements = JSON.parse(String(row.requirements));
  return { row, requirements: Array.isArray(requirements) ? {} : requirements, elements };
}

export const templateById = (db: Database, id: string | number): ObjectTemplate | undefined =>
  load(db, prepare(db, 'SELECT * FROM object_templates WHERE id = ?').get(id) as Row | undefined);

/** The newest installed version of a template (or the given version), as objects/add resolves a uuid. */
export function templateByUuid(db: Database, uuid: string, version?: string | number): ObjectTemplate | undefined {
  const row =
    version !== undefined && version !== ''
      ? prepare(db, 'SELECT * FROM object_templates WHERE uuid = ? AND version = ?').get(uuid, Number(version))
      : prepare(db, 'SELECT * FROM object_templates WHERE uuid = ? ORDER BY version DESC LIMIT 1').get(uuid);
  return load(db, row as Row | undefined);
}

/**
 * MISP's template conformity check on objects/add: every `required` relation present, one of `requiredOneOf`
 * present, and no relation without the `multiple` flag used twice. Relations the template does not know are
 * accepted, as MISP accepts them. Returns MISP's message, or null when the object conforms.
 */
export function conformityError(template: ObjectTemplate, relations: unknown[]): string | null {
  const has = (relation: string) => relations.some((r) => r === relation);
  for (const required of template.requirements.required ?? []) {
    if (!has(required)) return `Could not save the object as a required attribute is not set (${required})`;
  }
  const oneOf = template.requirements.requiredOneOf ?? [];
  if (oneOf.length && !oneOf.some(has)) {
    return `Could not save the object as it requires at least one of the following attributes to be set: ${oneOf.join(', ')}`;
  }
  for (const element of template.elements) {
    if (element.multiple) continue;
    if (relations.filter((r) => r === element.object_relation).length > 1) {
      return 'Could not save the object as a unique relationship within the object was assigned to more than one attribute. This is only allowed if the multiple flag is set in the object template.';
    }
  }
  return null;
}

export function formatTemplate(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    user_id: str(row.user_id),
    org_id: str(row.org_id),
    uuid: row.uuid,
    name: row.name,
    'meta-category': row.meta_category,
    description: row.description,
    version: str(row.version),
    requirements: JSON.parse(String(row.requirements)),
    fixed: bool(row.fixed),
    active: bool(row.active),
  };
}

export function formatTemplateElement(row: Row): Record<string, unknown> {
  return {
    id: str(row.id),
    object_template_id: str(row.object_template_id),
    object_relation: row.object_relation,
    type: row.type,
    'ui-priority': str(row.ui_priority),
    categories: JSON.parse(String(row.categories)),
    sane_default: JSON.parse(String(row.sane_default)),
    values_list: JSON.parse(String(row.values_list)),
    description: row.description,
    disable_correlation: row.disable_correlation === null ? null : bool(row.disable_correlation),
    multiple: bool(row.multiple),
  };
}
