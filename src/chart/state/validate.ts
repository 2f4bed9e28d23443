/**
 * Checks a value against the subset of JSON Schema the config schema uses (type, enum,
 * properties, required, additionalProperties, items, min/max, lengths, `css-color`) and
 * returns what is valid: an invalid field is dropped (and named by its path), the rest is kept.
 * Pure TypeScript; colours are checked with CSS.supports where there is one.
 */

export interface ConfigIssue {
  /** Where, as a JSON path (`$.panes[1].height`). */
  path: string;
  message: string;
}

type Schema = {
  type?: string | readonly string[];
  enum?: readonly unknown[];
  properties?: Record<string, Schema>;
  required?: readonly string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
  format?: string;
};

/** Drops what a schema refuses: `undefined` when the value itself is refused. */
export function sanitize(value: unknown, schema: Schema, path: string, issues: ConfigIssue[]): unknown {
  const fail = (message: string) => {
    issues.push({ path, message });
    return undefined;
  };
  if (schema.enum) {
    return schema.enum.includes(value) ? value : fail(`must be one of ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}`);
  }
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : schema.type;
  const actual = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  const matches = (t: string) => t === actual || (t === 'integer' && actual === 'number' && Number.isInteger(value));
  if (types.length && !types.some(matches)) return fail(`must be ${types.join(' or ')} (got ${actual})`);
  if (actual === 'number') {
    const n = value as number;
    if (!Number.isFinite(n)) return fail('must be a finite number');
    if (schema.minimum !== undefined && n < schema.minimum) return fail(`must be at least ${schema.minimum}`);
    if (schema.exclusiveMinimum !== undefined && n <= schema.exclusiveMinimum) return fail(`must be more than ${schema.exclusiveMinimum}`);
    if (schema.maximum !== undefined && n > schema.maximum) return fail(`must be at most ${schema.maximum}`);
  }
  if (actual === 'string') {
    const s = value as string;
    if (schema.maxLength !== undefined && s.length > schema.maxLength) return fail(`is longer than ${schema.maxLength} characters`);
    if (schema.format === 'css-color' && typeof CSS !== 'undefined' && !CSS.supports('color', s)) return fail(`${JSON.stringify(s.slice(0, 40))} is not a CSS colour`);
  }
  if (actual === 'array') {
    const list = value as unknown[];
    if (schema.maxItems !== undefined && list.length > schema.maxItems) return fail(`has more than ${schema.maxItems} items`);
    if (schema.minItems !== undefined && list.length < schema.minItems) return fail(`needs at least ${schema.minItems} items`);
    if (!schema.items) return list;
    const out: unknown[] = [];
    list.forEach((item, i) => {
      const v = sanitize(item, schema.items!, `${path}[${i}]`, issues);
      if (v !== undefined) out.push(v);
    });
    // Fixed-size tuples (a range) are refused whole when an item is.
    if (schema.minItems !== undefined && out.length < schema.minItems) return undefined;
    return out;
  }
  if (actual === 'object') {
    const o = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in o)) return fail(`needs "${key}"`);
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(o)) {
      const at = /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
      const own = schema.properties && Object.prototype.hasOwnProperty.call(schema.properties, key) ? schema.properties[key] : undefined;
      const extra = schema.additionalProperties;
      if (!own && extra === false) {
        issues.push({ path: at, message: 'is not a known field' });
        continue;
      }
      const sub = own ?? (typeof extra === 'object' ? extra : undefined);
      const clean = sub ? sanitize(v, sub, at, issues) : v;
      if (clean === undefined) {
        if (own && schema.required?.includes(key)) return undefined;
        continue;
      }
      Object.defineProperty(out, key, { value: clean, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}
