import { razorpay } from './razorpay.js';
import { simulated } from './simulated.js';

/** Every PAYMENT_PROVIDER, one line each, default first. */
export const PAYMENT_BACKENDS = { simulated, razorpay };
