// Types of bin/cli-bundle.mjs, for the tests that call it.
export declare const CLI_OUT: string;
export declare function freshCliBundle(command: string | undefined, outDir?: string): string | null;
