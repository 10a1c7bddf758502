/**
 * The slice of JSON Schema the config forms understand, read defensively from `unknown`: a
 * plugin's schema is data from the server, so anything unexpected becomes a JSON text field.
 */
export type FieldKind = 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'json';

export interface FormField {
  readonly name: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly secret: boolean;
  readonly title: string;
  readonly description: string | undefined;
  readonly options: readonly string[];
  readonly defaultValue: unknown;
  readonly minimum: number | undefined;
  readonly maximum: number | undefined;
  readonly minLength: number | undefined;
  readonly maxLength: number | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const numberOr = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function kindOf(schema: Record<string, unknown>): { kind: FieldKind; options: string[] } {
  if (Array.isArray(schema.enum) && schema.enum.every((option) => typeof option === 'string'))
    return { kind: 'enum', options: schema.enum as string[] };
  switch (schema.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: schema.type, options: [] };
    default:
      return { kind: 'json', options: [] };
  }
}

/** The top-level properties of an object schema as form fields, in declaration order. */
export function fieldsOf(schema: unknown, secretFields: readonly string[]): FormField[] {
  if (!isRecord(schema) || !isRecord(schema.properties)) return [];
  const required = new Set(
    Array.isArray(schema.required) ? schema.required.filter((n) => typeof n === 'string') : [],
  );
  return Object.entries(schema.properties).map(([name, raw]) => {
    const property = isRecord(raw) ? raw : {};
    const { kind, options } = kindOf(property);
    const secret = secretFields.includes(name);
    return {
      name,
      kind: secret ? 'string' : kind,
      required: required.has(name) && property.default === undefined,
      secret,
      title: typeof property.title === 'string' ? property.title : name,
      description: typeof property.description === 'string' ? property.description : undefined,
      options,
      defaultValue: property.default,
      minimum: numberOr(property.minimum),
      maximum: numberOr(property.maximum),
      minLength: numberOr(property.minLength),
      maxLength: numberOr(property.maxLength),
    };
  });
}

/**
 * The config to PUT from the form's raw strings. Empty optional fields are left out; an empty
 * secret is left out too, which the API reads as "keep the stored value". Unparseable numbers
 * and JSON are sent as typed so the server's validation names the field.
 */
export function configFromForm(
  fields: readonly FormField[],
  raw: ReadonlyMap<string, string | boolean>,
): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of fields) {
    const value = raw.get(field.name);
    if (field.kind === 'boolean') {
      config[field.name] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    if (field.kind === 'integer' || field.kind === 'number') {
      const parsed = Number(text);
      config[field.name] = Number.isFinite(parsed) ? parsed : text;
    } else if (field.kind === 'json') {
      try {
        config[field.name] = JSON.parse(text) as unknown;
      } catch {
        config[field.name] = text;
      }
    } else config[field.name] = text;
  }
  return config;
}

/** The text a field shows for a stored value (secrets never have one). */
export function displayValueOf(field: FormField, value: unknown): string {
  if (field.secret || value === undefined || value === null) return '';
  if (field.kind === 'json') return JSON.stringify(value);
  return String(value);
}
