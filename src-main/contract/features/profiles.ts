// Filled in by the profiles feature: methods (request/response schemas) and events.
export const profilesMethods = {} as const;
export const profilesEvents = {} as const;
