import { isIP } from 'node:net';
import type { ArgvPart, TemplatePreview } from '../../contract/features/client-preview';
import type { AddressFamily } from '../../contract/schemas/common';
import { checkTemplate, fillTemplate, templatePlaceholders, type TemplatePlaceholder } from './custom-template';
import type { LaunchRequest } from './types';
import { LaunchError } from './validate';

export interface TemplateDraft {
  template: readonly string[];
  host?: string | undefined;
  port?: number | undefined;
  user?: string | undefined;
  addressFamily: AddressFamily;
}

const isPlaceholder = (element: string): element is TemplatePlaceholder => (templatePlaceholders as readonly string[]).includes(element);

/**
 * The argv a custom template builds for a draft, through the launcher's own
 * checkTemplate/fillTemplate, so the preview refuses exactly what connect
 * would refuse. What is only known after resolving the host ({address}, and
 * the family when the profile says "auto") is marked instead of guessed.
 */
export function previewTemplate(draft: TemplateDraft): TemplatePreview {
  const placeholders = [...templatePlaceholders];
  const problem = (error: unknown): TemplatePreview => {
    if (!(error instanceof LaunchError)) throw error;
    return { placeholders, problem: { field: error.field ?? 'customTemplate', message: error.message } };
  };
  try {
    checkTemplate(draft.template);
  } catch (error) {
    return problem(error);
  }
  const literal = draft.host ? isIP(draft.host) : 0;
  const familyKnown = draft.addressFamily !== 'auto' || literal !== 0;
  const family: 4 | 6 = draft.addressFamily === 'ipv6' ? 6 : draft.addressFamily === 'ipv4' ? 4 : literal === 6 ? 6 : 4;
  const request: LaunchRequest = {
    service: 'custom',
    client: 'custom',
    auth: 'agent',
    host: draft.host ?? '{host}',
    address: literal !== 0 && draft.host ? draft.host : '{address}',
    family,
    port: draft.port ?? 0,
    ...(draft.user ? { user: draft.user } : {}),
    customTemplate: [...draft.template],
  };
  let filled: string[];
  try {
    filled = fillTemplate(draft.template, request);
  } catch (error) {
    return problem(error);
  }
  const argv = draft.template.map((element, i): ArgvPart => {
    if (!isPlaceholder(element)) return { text: element, state: 'literal' };
    const value = filled[i] ?? element;
    const known =
      element === '{host}' ? Boolean(draft.host) : element === '{port}' ? draft.port !== undefined : element === '{address}' ? literal !== 0 : element === '{user}' ? true : familyKnown;
    const state = known ? 'filled' : element === '{host}' || element === '{port}' ? 'missing' : 'atConnect';
    return { text: known ? value : element, placeholder: element, state };
  });
  return { placeholders, argv };
}
