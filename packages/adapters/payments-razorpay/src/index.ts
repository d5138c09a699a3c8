export { createRazorpayGateway, RAZORPAY_API_URL, type RazorpayGatewayOptions } from './razorpay-gateway.js';
export { MAX_WEBHOOK_BYTES, parseRazorpayWebhook, razorpaySignatureMatches } from './razorpay-signatures.js';
