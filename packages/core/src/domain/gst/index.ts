export * from './address.js';
export * from './amount-in-words.js';
export * from './gst-invoice.js';
export * from './gst-rates.js';
export * from './gstin.js';
export * from './state-codes.js';
export * from './tax-split.js';
