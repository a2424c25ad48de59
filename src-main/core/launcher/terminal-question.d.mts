/** Asks on the controlling terminal; undefined where there is none. */
export function askOnTerminal(prompt: string, options?: { confirm?: boolean }): string | undefined;

/** Whether a prompt is ssh's yes/no confirmation (echoed when asked on the terminal). */
export function isConfirmation(prompt: string): boolean;
