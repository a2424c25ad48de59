/**
 * fwknop's base64: the standard alphabet, "=" padding stripped on the wire
 * (lib/base64.c strip_b64_eq). Node's own decoder skips characters it does not
 * know, so decoding checks the alphabet first: a packet with a stray byte is
 * malformed, not quietly shorter.
 */

const alphabet = /^[A-Za-z0-9+/]*={0,2}$/;

/** Standard base64 with the trailing "=" removed, as every SPA field is written. */
export function b64(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
  return bytes.toString('base64').replace(/=+$/, '');
}

/** True for text made only of the base64 alphabet (with or without padding), like fwknop's is_base64(). */
export function isBase64(text: string): boolean {
  return alphabet.test(text);
}

/** Decodes padded or unpadded base64; undefined when `text` is not base64 at all. */
export function unb64(text: string): Buffer | undefined {
  // A lone character past a multiple of 4 carries no whole byte: not something any encoder writes.
  if (!isBase64(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  return Buffer.from(text, 'base64');
}
