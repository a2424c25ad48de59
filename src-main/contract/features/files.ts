// Filled in by the files feature: methods (request/response schemas) and events.
export const filesMethods = {} as const;
export const filesEvents = {} as const;
