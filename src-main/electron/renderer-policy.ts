/**
 * Where the renderer is served from and the policy every response carries.
 * No `electron` import here, so the Chromium test transport serves the
 * renderer under this very policy (a drift fails e2e, not just a unit test).
 */
export const rendererScheme = 'sesame-app';
export const rendererOrigin = 'sesame-app://app';
/** The renderer's CSP. hardenSession() repeats it as a literal (see there); a unit test keeps the two equal. */
export const rendererCsp =
  "default-src 'none'; script-src sesame-app://app; style-src sesame-app://app; img-src sesame-app://app data:; font-src sesame-app://app; connect-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
