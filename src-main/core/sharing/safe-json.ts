import { ImportError, checkSize, importLimits } from './limits';

const forbiddenKeys = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse for untrusted text. Depth is checked on the raw text first,
 * because JSON.parse itself copes with deep nesting but every recursive
 * consumer after it (zod, diffing, structuredClone) would overflow the stack.
 * Prototype-ish keys are rejected outright: no legitimate export has them, and
 * a later spread or merge could turn them into prototype pollution.
 */
export function parseUntrustedJson(text: string, maxDepth: number = importLimits.maxDepth): unknown {
  checkSize(Buffer.byteLength(text, 'utf8'));
  checkDepth(text, maxDepth);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ImportError(`The file is not valid JSON (${(error as Error).message}); it may be truncated or not a .sesame file.`);
  }
  // A walk after parsing rather than a JSON.parse reviver: same check, a fraction of the cost on 5 MB.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (forbiddenKeys.has(key)) throw new ImportError(`The file contains a forbidden key "${key}"; it was refused.`);
      stack.push((node as Record<string, unknown>)[key]);
    }
  }
  return value;
}

function checkDepth(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) throw new ImportError(`The file is nested more than ${maxDepth} levels deep; it was refused.`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
