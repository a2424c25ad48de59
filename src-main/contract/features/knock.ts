// Filled in by the knock feature: methods (request/response schemas) and events.
export const knockMethods = {} as const;
export const knockEvents = {} as const;
