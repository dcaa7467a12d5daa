// Types for scripts/corpus.mjs (used by tests/corpus.test.ts).
export declare const ROOT: string;
export declare const CORPUS_DIR: string;
export declare const CORPUS_MODULES: string;
export declare const MAX_FILE_BYTES: number;
export declare function corpusPackages(): Record<string, string>;
export declare function missingCorpusPackages(): string[];
export declare function isCorpusInstalled(): boolean;
export declare function ensureCorpus(options?: { log?: (msg: string) => void; force?: boolean }): { installed: boolean; ms: number };
export declare function listCorpusFiles(options?: { maxBytes?: number; packages?: string[] }): string[];
export declare function packageOf(file: string): string;
export declare function sampleFiles(files: string[], max: number): string[];
export declare function sourceTypeOf(file: string, text?: string): 'module' | 'commonjs';
export declare function groupBySourceType(files: string[]): { module: string[]; commonjs: string[] };
export declare function writeLockfile(): void;
