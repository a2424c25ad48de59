export * from './api';
export * from './channels';
export * from './dispatch';
export * from './errors';
export * from './events';
export * from './methods';
