/**
 * Shapes shared by the catalogues. A catalogue is data: which modules a library ships, which exports or
 * instance methods matter, and which argument holds what. Detection code in `lib/detect/` interprets it.
 */

/** An export reached through `import`/`require` of one of a library's modules. `[]` is the module itself. */
export type ExportPath = readonly string[];

/** How a catalogued export is invoked. */
export type Invocation = 'call' | 'construct' | 'any';

/** Where an instance of a library's client comes from, so `client.method(…)` can be recognised. */
export interface InstanceSource {
  /** Calls or `new` of these exports return an instance (`new Queue()`, `axios.create()`). */
  readonly createdBy: readonly { readonly path: ExportPath; readonly invoke: Invocation }[];
  /** TypeScript type references to these exports denote an instance (`private readonly queue: Queue`). */
  readonly types: readonly ExportPath[];
}

/** Where, among a call's arguments, a value sits. */
export type ArgumentLocation =
  | { readonly arg: number }
  /** The last argument that is (or names) a function: overloads like `process([name], [concurrency], fn)`. */
  | { readonly lastFunctionArg: true }
  /** A property of an object literal argument: `CronJob.from({ onTick })`. */
  | { readonly arg: number; readonly property: string };
