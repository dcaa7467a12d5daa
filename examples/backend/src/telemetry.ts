import { trace } from '@opentelemetry/api';

/** The service's tracer. The SDK itself is started by `node --import ./dist/instrumentation.js`. */
export const tracer = trace.getTracer('billing-backend', '1.4.0');
