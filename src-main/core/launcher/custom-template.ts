import { LaunchError, printable } from './validate';
import type { LaunchRequest } from './types';

/**
 * Custom command templates: an argv array where a placeholder may only be a
 * whole element. "{user}@{host}" or "-oHost={host}" are refused — each value
 * arrives as one argv element exactly as validated, so it can never be glued to
 * something that turns it into an option or a different destination.
 */
export const templatePlaceholders = ['{host}', '{port}', '{user}', '{address}', '{family}', '{familyFlag}'] as const;
export type TemplatePlaceholder = (typeof templatePlaceholders)[number];

const placeholderLike = /\{[A-Za-z]+\}/;

/** Checks the template's shape (no values needed); throws a LaunchError naming the bad element. */
export function checkTemplate(template: readonly string[]): void {
  if (!Array.isArray(template) || template.length === 0) {
    throw new LaunchError('template.empty', 'INVALID_INPUT', 'customTemplate');
  }
  if (template.length > 256) {
    throw new LaunchError('template.too-long', 'INVALID_INPUT', 'customTemplate');
  }
  template.forEach((element, i) => {
    const field = `customTemplate.${i}`;
    if (typeof element !== 'string' || element.length === 0 || element.includes('\0')) {
      throw new LaunchError('template.bad-element', 'INVALID_INPUT', field);
    }
    if ((templatePlaceholders as readonly string[]).includes(element)) {
      if (i === 0) throw new LaunchError('template.program-placeholder', 'INVALID_INPUT', field);
      return;
    }
    const embedded = placeholderLike.exec(element);
    if (embedded !== null) {
      const known = (templatePlaceholders as readonly string[]).includes(embedded[0]);
      throw new LaunchError(known ? 'template.embedded-placeholder' : 'template.unknown-placeholder', 'INVALID_INPUT', field, {
        element: printable(element),
        placeholder: embedded[0],
        known: templatePlaceholders.join(', '),
      });
    }
  });
}

/** Fills a checked template from an already validated request. */
export function fillTemplate(template: readonly string[], request: LaunchRequest): string[] {
  checkTemplate(template);
  return template.map((element, i) => {
    switch (element as TemplatePlaceholder) {
      case '{host}':
        return request.host;
      case '{address}':
        return request.address;
      case '{port}':
        return String(request.port);
      case '{family}':
        return String(request.family);
      case '{familyFlag}':
        return `-${request.family}`;
      case '{user}':
        if (request.user === undefined) {
          throw new LaunchError('template.no-user', 'INVALID_INPUT', `customTemplate.${i}`);
        }
        return request.user;
      default:
        return element;
    }
  });
}

/**
 * A template that proves the interactive path without a desktop: a detached
 * tmux session running OpenSSH against the pinned address. `-L sesame` starts
 * a tmux server of its own, which inherits the launcher's environment (the
 * askpass variables) — an already running default server would not. Tests
 * replace the session name, and read the pane with `tmux -L sesame capture-pane`.
 */
export const tmuxSshTemplate: readonly string[] = [
  'tmux',
  '-L',
  'sesame',
  'new-session',
  '-d',
  '-s',
  'sesame',
  '--',
  'ssh',
  '{familyFlag}',
  '-p',
  '{port}',
  '-o',
  'StrictHostKeyChecking=accept-new',
  '-l',
  '{user}',
  '--',
  '{address}',
];
