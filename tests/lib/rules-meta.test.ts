import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import plugin from '../../index.js';
import { rules as typedRules } from '../../lib/rules/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema & { description?: string }>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Every object schema inside `schema` (through properties, items, anyOf/oneOf). */
function objectSchemas(schema: JsonSchema | undefined, out: JsonSchema[] = []): JsonSchema[] {
  if (!schema || typeof schema !== 'object') return out;
  if (schema.type === 'object' || schema.properties) out.push(schema);
  for (const child of Object.values(schema.properties ?? {})) objectSchemas(child, out);
  for (const child of Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : []) objectSchemas(child, out);
  for (const child of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) objectSchemas(child, out);
  return out;
}

// The typed rule modules; the plugin exposes the very same objects (typed as ESLint's rule modules).
const entries = Object.entries(typedRules);

describe('plugin', () => {
  it('has a name, a version and the otel namespace', () => {
    expect(plugin.meta.name).toBe('eslint-plugin-otel');
    expect(plugin.meta.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(plugin.meta.namespace).toBe('otel');
  });

  it('exposes the typed rule modules themselves', () => {
    expect(Object.keys(plugin.rules)).toEqual(Object.keys(typedRules));
    for (const [name, rule] of entries) expect(plugin.rules[name as keyof typeof plugin.rules]).toBe(rule);
  });

  it('has at least one rule, each named require-… or no-…', () => {
    expect(entries.length).toBeGreaterThan(0);
    for (const [name] of entries) expect(name).toMatch(/^(?:require|no)-[a-z]+(?:-[a-z]+)*$/);
  });
});

describe.each(entries)('rule %s', (name, rule) => {
  const meta = rule.meta;
  const sourceFile = path.join(ROOT, 'lib', 'rules', `${name}.ts`);

  it('is defined in lib/rules/<name>.ts', () => {
    expect(existsSync(sourceFile)).toBe(true);
  });

  it('describes itself with Enforce/Require/Disallow and has a type', () => {
    expect(meta.docs?.description).toMatch(/^(?:Enforce|Require|Disallow) /);
    expect(meta.docs?.description).not.toMatch(/\.$/);
    expect(['problem', 'suggestion', 'layout']).toContain(meta.type);
  });

  it('declares priority and recommended (the presets are derived from them)', () => {
    const docs = meta.docs as { priority?: string; recommended?: unknown };
    expect(['P0', 'P1', 'P2']).toContain(docs.priority);
    expect(typeof docs.recommended).toBe('boolean');
  });

  it('has a doc page docs/rules/<name>.md and links to it', () => {
    expect(existsSync(path.join(ROOT, 'docs', 'rules', `${name}.md`)), `docs/rules/${name}.md`).toBe(true);
    expect(meta.docs?.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
  });

  it('has camelCase message ids, every one used by the rule', () => {
    const source = readFileSync(sourceFile, 'utf8');
    const ids = Object.keys(meta.messages);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(source, `message ${id} used`).toMatch(new RegExp(`['"\`]${id}['"\`]`));
    }
  });

  it('declares fixable / hasSuggestions consistently with what it reports', () => {
    const source = readFileSync(sourceFile, 'utf8');
    if (/\bsuggest\s*:/.test(source)) expect(meta.hasSuggestions).toBe(true);
    if (/\bfix\s*:|\bfix\(/.test(source)) expect(meta.fixable).toBeDefined();
  });

  it('has an options schema whose objects allow no extra properties and describe every property', () => {
    const schema = meta.schema;
    expect(Array.isArray(schema), 'schema is an array of option schemas').toBe(true);
    const objects = (schema as JsonSchema[]).flatMap((option) => objectSchemas(option));
    for (const object of objects) {
      expect(object.additionalProperties).toBe(false);
      for (const [key, property] of Object.entries(object.properties ?? {})) {
        expect(typeof property.description === 'string' && property.description.length > 0, `${key} has a description`).toBe(true);
      }
    }
  });

  it('has defaultOptions (meta.defaultOptions, or the older rule.defaultOptions) matching the schema length', () => {
    const defaults =
      (meta as { defaultOptions?: unknown[] }).defaultOptions ?? (rule as { defaultOptions?: unknown[] }).defaultOptions;
    expect(Array.isArray(defaults)).toBe(true);
    expect(defaults!.length).toBeLessThanOrEqual((meta.schema as unknown[]).length);
  });
});
