import * as app from '../../../src-main/contract/features/app';
import * as connect from '../../../src-main/contract/features/connect';
import * as files from '../../../src-main/contract/features/files';
import * as knock from '../../../src-main/contract/features/knock';
import * as profiles from '../../../src-main/contract/features/profiles';
import * as settings from '../../../src-main/contract/features/settings';
import * as errors from '../../../src-main/contract/errors';
import * as events from '../../../src-main/contract/events';
import * as methods from '../../../src-main/contract/methods';
import * as common from '../../../src-main/contract/schemas/common';

/** Every module under src-main/contract that declares schemas; walking their exports reaches unexported schemas too. */
export const contractModules = { app, connect, files, knock, profiles, settings, errors, events, methods, common };

type Node = { _zod: { def: Record<string, unknown> & { error?: unknown; checks?: unknown[] } } };
const isSchema = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && '_zod' in value && typeof (value as Node)._zod?.def === 'object';

/**
 * zod 4 keeps a custom message as `def.error`, a function: `() => 'msg'` for
 * `.min(1, 'msg')`/`.refine(fn, 'msg')`, `() => params.error` for `{ message }`.
 * Called without an issue it returns the text; a message that needs the issue
 * (none today) would come back undefined and be caught by the source cross-check.
 */
function customMessage(def: { error?: unknown }): string | undefined {
  if (typeof def.error !== 'function') return undefined;
  try {
    const out: unknown = (def.error as () => unknown)();
    if (typeof out === 'string') return out;
    if (out && typeof out === 'object' && typeof (out as { message?: unknown }).message === 'string') return (out as { message: string }).message;
  } catch {
    // A message built from the failing issue: not a fixed sentence.
  }
  return undefined;
}

/**
 * Walks schemas (and plain objects/arrays holding them: module namespaces,
 * method tables, object shapes) and returns every custom message, in the
 * order met. Generic over `def`'s fields, so objects' `shape`, arrays'
 * `element`, unions' `options`, `innerType` of optional/default, pipes' `in`/`out`
 * and records' key/value types are all followed without naming each kind.
 */
export function collectSchemaMessages(root: unknown): Set<string> {
  const found = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (isSchema(value)) {
      const def = value._zod.def;
      const own = customMessage(def);
      if (own !== undefined) found.add(own);
      for (const check of def.checks ?? []) {
        if (isSchema(check)) {
          const text = customMessage(check._zod.def);
          if (text !== undefined) found.add(text);
        }
      }
      // `getter` (z.lazy) and the like are functions; every field we need is a schema, array or shape object.
      for (const [key, child] of Object.entries(def)) if (key !== 'checks' && key !== 'error') visit(child);
      return;
    }
    if (Array.isArray(value)) value.forEach(visit);
    else if (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null) Object.values(value).forEach(visit);
  };
  visit(root);
  return found;
}
