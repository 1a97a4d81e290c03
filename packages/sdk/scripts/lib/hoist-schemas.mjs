// Gives every component schema, and every operation's query parameters, a name of its own in the
// generated types. openapi-typescript nests them as anonymous members (`components['schemas']['X']`,
// `operations['listEvents']['parameters']['query']`), so TypeScript errors print the whole object
// ("'vaule' does not exist in type '{ value?: …; 67 more }'"). Moving each one to a top-level
// `export type AttributeSearchFilters = …` / `export type ListEventsQuery = …` (and pointing the member
// at it) makes errors and hovers say the name. Applied to openapi-typescript's AST before printing,
// never to its text. Its nodes are synthetic: names are read from `.text`, never getText().
import ts from 'typescript';

const RESERVED = new Set(['paths', 'webhooks', 'components', '$defs', 'operations', 'WithRequired', 'Record']);
const f = ts.factory;

function exportAlias(name, type, commentsFrom) {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || RESERVED.has(name)) {
    throw new Error(`generate: ${name} cannot become a TypeScript type name`);
  }
  const alias = f.createTypeAliasDeclaration([f.createModifier(ts.SyntaxKind.ExportKeyword)], name, undefined, type);
  for (const c of ts.getSyntheticLeadingComments(commentsFrom) ?? []) {
    ts.addSyntheticLeadingComment(alias, c.kind, c.text, c.hasTrailingNewLine);
  }
  return alias;
}

const withType = (member, type) =>
  f.updatePropertySignature(member, member.modifiers, member.name, member.questionToken, type);

/** Replaces the type of `literal`'s member `key` by `replace(memberType)` when it is a type literal. */
function mapMember(literal, key, replace) {
  const members = literal.members.map((m) =>
    ts.isPropertySignature(m) && m.name.text === key && m.type ? withType(m, replace(m.type, m)) : m,
  );
  return f.updateTypeLiteralNode(literal, f.createNodeArray(members));
}

const pascal = (s) => s.charAt(0).toUpperCase() + s.slice(1);

export function hoistSchemas(nodes) {
  const aliases = [];
  const hoist = (name, type, member) => {
    aliases.push(exportAlias(name, type, member));
    return f.createTypeReferenceNode(name);
  };
  const out = nodes.map((node) => {
    if (!ts.isInterfaceDeclaration(node)) return node;
    let members = node.members;
    if (node.name.text === 'components') {
      members = members.map((m) => {
        if (!ts.isPropertySignature(m) || m.name.text !== 'schemas' || !m.type || !ts.isTypeLiteralNode(m.type))
          return m;
        const schemas = m.type.members.map((s) => withType(s, hoist(s.name.text, s.type, s)));
        return withType(m, f.updateTypeLiteralNode(m.type, f.createNodeArray(schemas)));
      });
    } else if (node.name.text === 'operations') {
      members = members.map((op) => {
        if (!ts.isPropertySignature(op) || !op.type || !ts.isTypeLiteralNode(op.type)) return op;
        const type = mapMember(op.type, 'parameters', (params) =>
          ts.isTypeLiteralNode(params)
            ? mapMember(params, 'query', (query, member) =>
                ts.isTypeLiteralNode(query) ? hoist(`${pascal(op.name.text)}Query`, query, member) : query,
              )
            : params,
        );
        return withType(op, type);
      });
    } else return node;
    return f.updateInterfaceDeclaration(
      node,
      node.modifiers,
      node.name,
      node.typeParameters,
      node.heritageClauses,
      members,
    );
  });
  const names = aliases.map((a) => a.name.text);
  const dupe = names.find((n, i) => names.indexOf(n) !== i);
  if (dupe) throw new Error(`generate: two generated types are named ${dupe}`);
  return [...out, ...aliases];
}
