import requireJobSpan from './require-job-span.js';
import requireTracePropagation from './require-trace-propagation.js';

export const rules = {
  'require-job-span': requireJobSpan,
  'require-trace-propagation': requireTracePropagation,
};
