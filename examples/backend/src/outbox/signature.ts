import { createHmac } from 'node:crypto';

/** `x-signature` header value: HMAC-SHA256 of the raw body with the subscription's secret. */
export function sign(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}
