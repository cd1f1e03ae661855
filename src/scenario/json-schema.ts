import { z } from 'zod';

/**
 * The JSON Schema of scenario files for editors (YAML language servers, VS Code): what
 * `cascade schema` prints. Schemas used more than once (distributions, number settings) are
 * written once under `$defs` and referred to with `$ref`, which keeps it small. A file that
 * `extends` another may leave out what the other gives (name, start, horizon, models, a
 * sensitivity block's output and inputs): the top-level `required` list, and those of the
 * top-level blocks, apply only to a file without `extends`.
 */
export function toEditorSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  const { required, ...rest } = json;
  const out: Record<string, unknown> = { ...rest, title: 'Cascade scenario', $id: 'https://cascade.local/scenario.schema.json' };
  const blocks: Record<string, unknown> = {};
  const properties = (rest.properties ?? {}) as Record<string, Record<string, unknown>>;
  const defs = (rest.$defs ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, property] of Object.entries(properties)) {
    // a block written once under $defs is copied here without its required list (the def stays as it is for its other users)
    const ref = typeof property.$ref === 'string' ? /^#\/\$defs\/(.+)$/.exec(property.$ref)?.[1] : undefined;
    const { $ref: _ref, ...own } = property;
    const block = ref && defs[ref] ? { ...defs[ref], ...own } : property;
    if (!Array.isArray(block.required) || !block.required.length) continue;
    const { required: inner, ...open } = block;
    properties[name] = open;
    blocks[name] = { required: inner };
  }
  if ((Array.isArray(required) && required.length) || Object.keys(blocks).length) {
    out.if = { required: ['extends'] };
    out.else = { ...(Array.isArray(required) && required.length ? { required } : {}), ...(Object.keys(blocks).length ? { properties: blocks } : {}) };
  }
  return out;
}
