export * from './codes.js';
export * from './location.js';
export * from './opp-error.js';
export * from './secrets.js';
