/** Types of compiledCheckout.mjs (plain JavaScript, so that bin/mesh.js can use it before any loader). */
export function sourceFiles(root: string): string[];
export function sourcesDigest(root: string): string;
export function isCurrent(root: string): boolean;
export function compiledCheckout(root: string): string | undefined;
export function buildCheckout(root: string, compiler?: "esbuild" | "tsc"): Promise<number>;
export const READER_PLATFORM: string;
export function bundleReaderPlatform(dist: string): Promise<void>;
