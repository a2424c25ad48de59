/** Polls `check` until it holds or time runs out: daemons (knockd, tmux) act a moment after the event. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 3000, everyMs = 50): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return check();
}
