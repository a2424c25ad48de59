import { describe, expect, it } from 'vitest';
import { resolveRendererFile } from '../../src-main/core/renderer-files';

describe('resolveRendererFile', () => {
  it('serves index.html for the root and files below the folder', () => {
    expect(resolveRendererFile('/app/renderer', '/')).toEqual({ file: '/app/renderer/index.html', contentType: 'text/html; charset=utf-8' });
    expect(resolveRendererFile('/app/renderer', '/assets/a.js')?.file).toBe('/app/renderer/assets/a.js');
  });

  it.each(['/../main/main.js', '/%2e%2e/secret', '/assets/../../x', '/%E0%A4%A'])('refuses %s', (path) => {
    expect(resolveRendererFile('/app/renderer', path)).toBeUndefined();
  });
});
