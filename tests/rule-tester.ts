import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** The tracer scope name every created tracer gets in rule tests. */
export const TRACER_NAME = 'test-service';

/**
 * Cases run as files of this repository, whose package.json lists `@opentelemetry/api` only as a
 * devDependency (which does not count): the API check is off here and exercised on its own in
 * `api-dependency.test.ts`, with package.json files of its own.
 */
export function createRuleTester(otel: Record<string, unknown> = { checkApiDependency: false }): RuleTester {
  return new RuleTester({
    settings: { otel: { tracerName: TRACER_NAME, ...otel } },
  });
}
