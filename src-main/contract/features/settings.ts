// Filled in by the settings feature: methods (request/response schemas) and events.
export const settingsMethods = {} as const;
export const settingsEvents = {} as const;
