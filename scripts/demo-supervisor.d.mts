/** Types of scripts/demo-supervisor.mjs, for TypeScript callers (its tests). */
export function waitForUrl(url: string, opts?: { timeoutMs?: number; exited?: () => string | null }): Promise<void>;

export interface SuperviseOptions {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: Record<string, string | undefined>;
  logFile: string;
  readyUrl: string;
  readyTimeoutMs?: number;
  afterRestart?: () => Promise<void>;
  lostMessage?: string;
  log?: (line: string) => void;
  maxRestarts?: number;
  windowMs?: number;
  restartDelayMs?: number;
  onGiveUp?: (reason: string) => void;
}

export interface Supervised {
  start(): Promise<void>;
  readonly pid: number | undefined;
  readonly restarts: number;
  onRestarted(listener: (count: number) => void): () => void;
  stop(): Promise<void>;
}

export function supervise(options: SuperviseOptions): Supervised;
