import Stripe from 'stripe';

const key = process.env.STRIPE_SECRET_KEY ?? '';

export interface CreatedIntent {
  id: string;
  clientSecret: string | null;
}

export class PaymentService {
  private readonly stripe = new Stripe(key);

  async createPaymentIntent(orderId: string, amount: number, currency = 'eur'): Promise<CreatedIntent> {
    const intent = await this.stripe.paymentIntents.create(
      { amount, currency },
      { idempotencyKey: `order-${orderId}` },
    );
    return { id: intent.id, clientSecret: intent.client_secret };
  }

  async intentStatus(intentId: string): Promise<Stripe.PaymentIntent.Status> {
    const intent = await this.stripe.paymentIntents.retrieve(intentId);
    return intent.status;
  }
}
