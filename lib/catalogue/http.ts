import type { ExportPath, InstanceSource, Invocation } from './types.js';

/**
 * Outgoing HTTP clients: which calls send a request, where the URL is and where the headers go.
 * Facts: shared/API-FACTS.md ("HTTP clients: where headers go").
 */

/** Where a request's URL and options (holding `headers`) are among a call's arguments. */
export interface RequestShape {
  /** Index of the URL argument; `-1` when the first argument is a config object carrying `url`. */
  readonly urlArg: number;
  /** Index of the options/config object argument that holds `headers`. */
  readonly optionsArg: number;
  /** When the first argument is an object, it is the config (axios(config), http.request(options)). */
  readonly configFirst?: boolean;
  /** Headers are set on the returned request with `.set(name, value)` / `.set(object)` (superagent). */
  readonly setterChain?: boolean;
}

export interface HttpCall {
  /** Export path (`[]` is the module itself) or, for instances, the method name. */
  readonly path: ExportPath;
  readonly invoke: Invocation;
  readonly shape: RequestShape;
}

export interface HttpClient {
  readonly id: string;
  readonly label: string;
  /** Modules it is imported from; `null` for the global `fetch`. */
  readonly modules: readonly string[] | null;
  readonly calls: readonly HttpCall[];
  /** Instances made by `create`/`extend` (or injected, typed) expose `instanceMethods`. */
  readonly instance?: InstanceSource;
  /** Members of an instance that are themselves instances of the same API (NestJS `HttpService.axiosRef`). */
  readonly instanceAccessors?: readonly string[];
  readonly instanceMethods?: readonly HttpCall[];
  /** The headers value may be a WHATWG `Headers` object (fetch family). */
  readonly whatwg?: boolean;
}

const urlThenOptions: RequestShape = { urlArg: 0, optionsArg: 1 };
const urlDataConfig: RequestShape = { urlArg: 0, optionsArg: 2 };
const axiosCallable: RequestShape = { urlArg: 0, optionsArg: 1, configFirst: true };
const axiosRequest: RequestShape = { urlArg: -1, optionsArg: 0 };

function methods(names: readonly string[], shape: RequestShape): HttpCall[] {
  return names.map((name) => ({ path: [name], invoke: 'call' as const, shape }));
}

const axiosMethods: HttpCall[] = [
  { path: [], invoke: 'call', shape: axiosCallable },
  ...methods(['request'], axiosRequest),
  ...methods(['get', 'delete', 'head', 'options'], urlThenOptions),
  ...methods(['post', 'put', 'patch', 'postForm', 'putForm', 'patchForm'], urlDataConfig),
];

const gotLike = (name: string): HttpCall[] => [
  { path: [], invoke: 'call', shape: urlThenOptions },
  ...methods(['get', 'post', 'put', 'patch', 'delete', 'head'], urlThenOptions),
  ...(name === 'ofetch' ? methods(['raw', 'native'], urlThenOptions) : []),
];

export const HTTP_CLIENTS: readonly HttpClient[] = [
  {
    id: 'fetch',
    label: 'fetch',
    modules: null,
    whatwg: true,
    calls: [{ path: ['fetch'], invoke: 'call', shape: urlThenOptions }],
  },
  {
    id: 'undici',
    label: 'undici',
    modules: ['undici'],
    whatwg: true,
    calls: [
      { path: ['fetch'], invoke: 'call', shape: urlThenOptions },
      { path: ['request'], invoke: 'call', shape: urlThenOptions },
    ],
    // new Pool(origin) / Client / Agent: pool.request({ path, method, headers, body })
    instance: {
      createdBy: ['Pool', 'Client', 'Agent', 'BalancedPool', 'RetryAgent'].map((name) => ({ path: [name], invoke: 'construct' as const })),
      types: [['Pool'], ['Client'], ['Agent'], ['BalancedPool'], ['Dispatcher']],
    },
    instanceMethods: [{ path: ['request'], invoke: 'call', shape: { urlArg: -1, optionsArg: 0 } }],
  },
  {
    id: 'node-fetch',
    label: 'node-fetch',
    modules: ['node-fetch', 'cross-fetch', 'isomorphic-fetch'],
    whatwg: true,
    calls: [
      { path: [], invoke: 'call', shape: urlThenOptions },
      { path: ['fetch'], invoke: 'call', shape: urlThenOptions },
    ],
  },
  {
    id: 'axios',
    label: 'axios',
    modules: ['axios'],
    calls: axiosMethods,
    instance: { createdBy: [{ path: ['create'], invoke: 'call' }], types: [['AxiosInstance'], ['Axios'], ['AxiosStatic']] },
    instanceMethods: axiosMethods,
  },
  {
    id: '@nestjs/axios',
    label: 'NestJS HttpService',
    modules: ['@nestjs/axios'],
    calls: [],
    instance: { createdBy: [], types: [['HttpService']] },
    // this.httpService.axiosRef is the underlying axios instance (promise-based).
    instanceAccessors: ['axiosRef'],
    instanceMethods: axiosMethods,
  },
  {
    id: 'got',
    label: 'got',
    modules: ['got'],
    // `import got from 'got'` and `import { got } from 'got'` reach the same function.
    calls: [...gotLike('got'), ...gotLike('got').map((c) => ({ ...c, path: ['got', ...c.path] }))],
    instance: {
      createdBy: [
        { path: ['extend'], invoke: 'call' },
        { path: ['got', 'extend'], invoke: 'call' },
      ],
      types: [['Got']],
    },
    instanceMethods: gotLike('got'),
  },
  {
    id: 'ky',
    label: 'ky',
    modules: ['ky'],
    calls: gotLike('ky'),
    instance: {
      createdBy: [
        { path: ['create'], invoke: 'call' },
        { path: ['extend'], invoke: 'call' },
      ],
      types: [['KyInstance']],
    },
    instanceMethods: gotLike('ky'),
  },
  {
    id: 'ofetch',
    label: 'ofetch',
    modules: ['ofetch'],
    whatwg: true,
    calls: [...gotLike('ofetch').map((c) => ({ ...c, path: ['ofetch', ...c.path] })), { path: ['$fetch'], invoke: 'call', shape: urlThenOptions }],
    instance: { createdBy: [{ path: ['ofetch', 'create'], invoke: 'call' }, { path: ['createFetch'], invoke: 'call' }], types: [['$Fetch']] },
    instanceMethods: gotLike('ofetch'),
  },
  {
    id: 'superagent',
    label: 'superagent',
    modules: ['superagent'],
    calls: [
      // superagent(method, url) / superagent(url)
      { path: [], invoke: 'call', shape: { urlArg: 1, optionsArg: -1, setterChain: true } },
      ...methods(['get', 'post', 'put', 'patch', 'del', 'delete', 'head'], { urlArg: 0, optionsArg: -1, setterChain: true }),
    ],
  },
  {
    id: 'http',
    label: 'node:http',
    modules: ['http', 'https', 'node:http', 'node:https'],
    calls: methods(['request', 'get'], { urlArg: 0, optionsArg: 1, configFirst: true }),
  },
];

/** Hosts of vendor APIs: calls to them are never webhook deliveries, and stay silent whatever the scope. */
export const VENDOR_API_HOSTS: readonly string[] = [
  'googleapis.com',
  'amazonaws.com',
  'azure.com',
  'microsoftonline.com',
  'api.stripe.com',
  'api.github.com',
  'github.com',
  'api.twilio.com',
  'api.sendgrid.com',
  'slack.com',
  'api.openai.com',
  'auth0.com',
  'okta.com',
];
