import requireJobSpan from './require-job-span.js';

export const rules = {
  'require-job-span': requireJobSpan,
};
