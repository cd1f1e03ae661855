import { z } from 'zod';

/**
 * The JSON Schema of scenario files for editors (YAML language servers, VS Code): what
 * `cascade schema` prints. Schemas used more than once (distributions, number settings) are
 * written once under `$defs` and referred to with `$ref`, which keeps it small. A file that
 * `extends` another may leave out what the other gives (name, start, horizon, models): the
 * top-level `required` list applies only to a file without `extends`.
 */
export function toEditorSchema(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', reused: 'ref' }) as Record<string, unknown>;
  const { required, ...rest } = json;
  const out: Record<string, unknown> = { ...rest, title: 'Cascade scenario', $id: 'https://cascade.local/scenario.schema.json' };
  if (Array.isArray(required) && required.length) {
    out.if = { required: ['extends'] };
    out.else = { required };
  }
  return out;
}
