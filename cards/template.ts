// Card templates are JSON files beside their renderers. They are read once and frozen, so no renderer
// can change a template another card will use later (the renderer always works on a copy).
import { readFileSync } from 'node:fs';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type CardTemplate = Readonly<Record<string, Json>>;

const cache = new Map<string, CardTemplate>();

export function loadTemplate(name: string): CardTemplate {
  let template = cache.get(name);
  if (!template) {
    template = deepFreeze(JSON.parse(readFileSync(new URL(`./${name}.json`, import.meta.url), 'utf8')) as Record<string, Json>);
    cache.set(name, template);
  }
  return template;
}

/** Freezes the value and everything in it. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
