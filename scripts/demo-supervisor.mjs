// The demo's process keeping (scripts/demo.mjs): starts a child with its output appended to a log
// file, waits until it answers, and — when it dies while the demo runs — says so and starts it
// again. Hand-written because it is a few lines over node:child_process and what it prints is
// ours; a process manager (pm2, …) would be a second runtime for the user to install.
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import path from "node:path";

/** Polls `url` until it answers 2xx, the child exits, or `timeoutMs` passes. */
export async function waitForUrl(url, { timeoutMs = 60_000, exited = () => null } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const gone = exited();
    if (gone) throw new Error(`it exited (${gone}) before answering at ${url}`);
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(2000) })).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`it did not answer at ${url} within ${Math.round(timeoutMs / 1000)} s`);
}

const describeExit = (code, signal) => (signal ? `signal ${signal}` : `exit code ${code}`);

/**
 * @param {object} o
 * @param {string} o.name           what the child is, for messages ("the AWS emulator")
 * @param {string} o.command
 * @param {string[]} o.args
 * @param {string} [o.cwd]
 * @param {Record<string,string|undefined>} [o.env]
 * @param {string} o.logFile        its stdout and stderr are appended here, never to the terminal
 * @param {string} o.readyUrl       answers 2xx once the child serves
 * @param {number} [o.readyTimeoutMs]
 * @param {() => Promise<void>} [o.afterRestart]  run once a restarted child answers (e.g. seed it again)
 * @param {string} [o.lostMessage]  printed on an unexpected exit: what the user lost with it
 * @param {(line: string) => void} [o.log]
 * @param {number} [o.maxRestarts]  within `windowMs`; one more unexpected exit gives up
 * @param {number} [o.windowMs]
 * @param {number} [o.restartDelayMs]
 * @param {(reason: string) => void} [o.onGiveUp]
 */
export function supervise(o) {
  const log = o.log ?? ((line) => console.log(line));
  const maxRestarts = o.maxRestarts ?? 5;
  const windowMs = o.windowMs ?? 60_000;
  const restartDelayMs = o.restartDelayMs ?? 1000;
  let child = null;
  let stopping = false;
  let started = false; // before the first start answers, an exit fails start() instead of restarting
  let restarts = [];
  let restartCount = 0;
  const listeners = new Set();

  mkdirSync(path.dirname(o.logFile), { recursive: true });

  function spawnChild() {
    const fd = openSync(o.logFile, "a");
    writeSync(fd, `\n----- ${new Date().toISOString()} starting ${o.name} -----\n`);
    const c = spawn(o.command, o.args, { cwd: o.cwd, env: { ...process.env, ...o.env }, stdio: ["ignore", fd, fd] });
    closeSync(fd); // the child holds its own copy
    c.on("exit", (code, signal) => void onExit(c, code, signal));
    c.on("error", (err) => void onExit(c, null, null, err));
    child = c;
    return c;
  }

  async function startAndWait() {
    const c = spawnChild();
    let exitedHow = null;
    c.once("exit", (code, signal) => (exitedHow = describeExit(code, signal)));
    c.once("error", (err) => (exitedHow = err.message));
    await waitForUrl(o.readyUrl, { timeoutMs: o.readyTimeoutMs ?? 60_000, exited: () => exitedHow });
  }

  async function onExit(c, code, signal, err) {
    if (c !== child || stopping || !started) return;
    child = null;
    const how = err ? err.message : describeExit(code, signal);
    const now = Date.now();
    restarts = restarts.filter((t) => now - t < windowMs);
    if (restarts.length >= maxRestarts) {
      const reason = `${o.name} stopped (${how}) ${restarts.length + 1} times within ${Math.round(windowMs / 1000)} s; see ${o.logFile}`;
      log(`[demo] ${reason}. Giving up.`);
      o.onGiveUp?.(reason);
      return;
    }
    restarts.push(now);
    log(`[demo] ${o.name} stopped unexpectedly (${how}); restarting it. Its log: ${o.logFile}`);
    if (o.lostMessage) log(`[demo] ${o.lostMessage}`);
    await new Promise((r) => setTimeout(r, restartDelayMs));
    if (stopping) return;
    try {
      await startAndWait();
      await o.afterRestart?.();
      restartCount += 1;
      log(`[demo] ${o.name} is running again.`);
      for (const l of listeners) l(restartCount);
    } catch (e) {
      if (stopping) return;
      log(`[demo] ${o.name} did not come back: ${e.message}`);
      // A child that exited is handled by its own exit event; one that hangs is stopped here.
      if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    }
  }

  return {
    /** First start; resolves once the child answers at readyUrl, rejects when it exits or never answers. */
    async start() {
      try {
        await startAndWait();
      } catch (e) {
        child?.kill("SIGKILL");
        throw e;
      }
      started = true;
    },
    /** The running child's pid (undefined while restarting). */
    get pid() {
      return child?.pid;
    },
    /** Completed restarts so far. */
    get restarts() {
      return restartCount;
    },
    /** Called with the restart count after each successful restart. */
    onRestarted(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Stops the child for good (no restart). */
    stop() {
      stopping = true;
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        c.once("exit", () => resolve());
        c.kill("SIGTERM");
        setTimeout(() => c.kill("SIGKILL"), 3000).unref();
      });
    },
  };
}
