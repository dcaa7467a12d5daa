import requireJobSpan from './require-job-span.js';
import requireProviderTraceId from './require-provider-trace-id.js';
import requireTracePropagation from './require-trace-propagation.js';

export const rules = {
  'require-job-span': requireJobSpan,
  'require-provider-trace-id': requireProviderTraceId,
  'require-trace-propagation': requireTracePropagation,
};
