import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The tracer scope name every created tracer gets in rule tests. */
export const TRACER_NAME = 'test-service';

export function createRuleTester(): RuleTester {
  return new RuleTester({
    settings: { otel: { tracerName: TRACER_NAME } },
  });
}
