import { APIGatewayClient, CreateRestApiCommand, GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { freePort } from "../test/moto/start";
import { supervise, type Supervised } from "./demo-supervisor.mjs";

/**
 * The demo's emulator keeping (scripts/demo.mjs uses supervise() for moto): the real
 * gatehouse_moto_server.py is started, killed as a crash would, and must be reported and come
 * back — empty, which is what the demo's message tells the user.
 */
const dir = mkdtempSync(path.join(os.tmpdir(), "gatehouse-demo-"));
let running: Supervised | undefined;
afterEach(async () => {
  await running?.stop();
  running = undefined;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("timed out");
}

function motoSupervisor(port: number, lines: string[], extra: Partial<Parameters<typeof supervise>[0]> = {}): Supervised {
  return supervise({
    name: "The AWS emulator",
    command: "python3",
    args: [path.join(process.cwd(), "test", "moto", "gatehouse_moto_server.py"), "-H", "127.0.0.1", "-p", String(port)],
    logFile: path.join(dir, `moto-${port}.log`),
    readyUrl: `http://127.0.0.1:${port}/moto-api/data.json`,
    lostMessage: "Everything it held is lost.",
    log: (line) => lines.push(line),
    restartDelayMs: 100,
    ...extra,
  });
}

const gateway = (port: number) =>
  new APIGatewayClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
const restApis = async (port: number) => (await gateway(port).send(new GetRestApisCommand({}))).items ?? [];

describe("demo supervisor", () => {
  it("says the emulator died, restarts it, runs afterRestart once it answers, and keeps its output out of the terminal", async () => {
    const port = await freePort();
    const lines: string[] = [];
    let reseeded = 0;
    const moto = motoSupervisor(port, lines, { afterRestart: () => { reseeded++; return Promise.resolve(); } });
    running = moto;
    await moto.start();
    const firstPid = moto.pid!;
    expect(firstPid).toBeGreaterThan(0);
    // State that a crash loses.
    await gateway(port).send(new CreateRestApiCommand({ name: "before-crash" }));
    expect(await restApis(port)).toHaveLength(1);
    const restarted = new Promise<number>((resolve) => moto.onRestarted(resolve));

    process.kill(firstPid, "SIGKILL");

    expect(await restarted).toBe(1);
    expect(lines).toContain(`[demo] The AWS emulator stopped unexpectedly (signal SIGKILL); restarting it. Its log: ${path.join(dir, `moto-${port}.log`)}`);
    expect(lines).toContain("[demo] Everything it held is lost.");
    expect(lines.at(-1)).toBe("[demo] The AWS emulator is running again.");
    expect(reseeded).toBe(1);
    expect(moto.pid).not.toBe(firstPid);
    expect((await fetch(`http://127.0.0.1:${port}/moto-api/data.json`)).ok).toBe(true);
    expect(await restApis(port)).toHaveLength(0); // what the "lost" message says
    // The request log went to the file: both starts and the requests above.
    const log = readFileSync(path.join(dir, `moto-${port}.log`), "utf8");
    expect(log.match(/starting The AWS emulator/g)).toHaveLength(2);
    expect(log).toMatch(/POST \/restapis/);
    expect(lines.join("\n")).not.toMatch(/POST \/restapis/);
  }, 90_000);

  it("does not restart after stop()", async () => {
    const port = await freePort();
    const lines: string[] = [];
    const moto = motoSupervisor(port, lines);
    await moto.start();
    await moto.stop();
    await new Promise((r) => setTimeout(r, 500));
    expect(moto.pid).toBeDefined(); // the stopped child, not a new one
    expect(lines).toEqual([]);
    expect(moto.restarts).toBe(0);
  }, 60_000);

  it("gives up, saying so, when the emulator keeps dying", async () => {
    const port = await freePort();
    const lines: string[] = [];
    let gaveUp: string | null = null;
    const moto = motoSupervisor(port, lines, { maxRestarts: 1, onGiveUp: (reason) => (gaveUp = reason) });
    running = moto;
    await moto.start();
    const restarted = new Promise<number>((resolve) => moto.onRestarted(resolve));
    process.kill(moto.pid!, "SIGKILL");
    await restarted;
    process.kill(moto.pid!, "SIGKILL");
    await until(() => gaveUp !== null);
    expect(gaveUp).toMatch(/^The AWS emulator stopped \(signal SIGKILL\) 2 times within 60 s; see /);
    expect(lines.at(-1)).toMatch(/Giving up\.$/);
  }, 90_000);

  it("fails start() when the command exits before answering", async () => {
    const port = await freePort();
    const lines: string[] = [];
    const bad = supervise({
      name: "nothing",
      command: process.execPath,
      args: ["-e", "process.exit(3)"],
      logFile: path.join(dir, "bad.log"),
      readyUrl: `http://127.0.0.1:${port}/`,
      log: (line) => lines.push(line),
    });
    await expect(bad.start()).rejects.toThrow(/exited \(exit code 3\) before answering/);
    await new Promise((r) => setTimeout(r, 300));
    expect(lines).toEqual([]); // no restart of a child that never started
  });
});
