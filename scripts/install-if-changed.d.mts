/** Types for scripts/install-if-changed.mjs (plain Node, so that it runs before anything is installed). */
export declare const STAMP: string;
export declare function installKey(root: string): { lockHash: string; node: string; platform: string; arch: string };
export declare function installReason(root: string): string | undefined;
export declare function recordInstall(root: string): void;
export declare function ensureInstalled(root: string, log?: (line: string) => void): number;
