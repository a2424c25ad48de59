/**
 * A run id the renderer picks so it can match progress events to its run
 * before the call returns. Not crypto.randomUUID: that exists only in secure
 * contexts, and the Chromium test origin is plain http.
 */
export function newRunId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `r_${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
