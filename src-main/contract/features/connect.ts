// Filled in by the connect feature: methods (request/response schemas) and events.
export const connectMethods = {} as const;
export const connectEvents = {} as const;
