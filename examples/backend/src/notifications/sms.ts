import twilio from 'twilio';

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const from = process.env.TWILIO_FROM_NUMBER ?? '';

/** Sends a text message and returns Twilio's message SID. */
export async function sendSms(to: string, body: string): Promise<string> {
  const message = await client.messages.create({ to, from, body });
  return message.sid;
}
