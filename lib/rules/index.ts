import requireJobLogContext from './require-job-log-context.js';
import requireJobSpan from './require-job-span.js';
import requirePoolMetrics from './require-pool-metrics.js';
import requireProviderTraceId from './require-provider-trace-id.js';
import requireTracePropagation from './require-trace-propagation.js';

export const rules = {
  'require-job-log-context': requireJobLogContext,
  'require-job-span': requireJobSpan,
  'require-pool-metrics': requirePoolMetrics,
  'require-provider-trace-id': requireProviderTraceId,
  'require-trace-propagation': requireTracePropagation,
};
