export * from './app-process.js';
export * from './http-client.js';
export * from './worker-contract.js';
export * from './cache-contract.js';
export * from './secrets-contract.js';
export * from './database-contract.js';
export * from './services.js';
