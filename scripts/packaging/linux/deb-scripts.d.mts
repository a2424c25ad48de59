export type DebScriptKind = 'after-install' | 'after-remove';
export declare function debScript(kind: DebScriptKind | string, source?: string): string;
export declare const debScriptFiles: Record<DebScriptKind, string>;
