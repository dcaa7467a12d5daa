import requireJobSpan from './require-job-span.js';
import requirePoolMetrics from './require-pool-metrics.js';
import requireTracePropagation from './require-trace-propagation.js';

export const rules = {
  'require-job-span': requireJobSpan,
  'require-pool-metrics': requirePoolMetrics,
  'require-trace-propagation': requireTracePropagation,
};
