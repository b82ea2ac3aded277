import net from "node:net";
import type { AddressInfo } from "node:net";

/**
 * A TCP relay in front of a real PostgreSQL server, for outage tests: while down nothing listens
 * on its port (a client gets ECONNREFUSED, exactly as from a stopped server) and every relayed
 * connection is cut (a crash or restart as the client sees it); up relays to the server again.
 * It starts down.
 */
export interface PgProxy {
  port: number;
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function startPgProxy(targetHost: string, targetPort: number): Promise<PgProxy> {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  // Reserve a free port, then free it: the console is pointed here before anything listens.
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));

  const relay = (client: net.Socket) => {
    const upstream = net.connect(targetPort, targetHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  };

  return {
    port,
    async up() {
      if (server) return;
      server = net.createServer(relay);
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
    },
    async down() {
      const current = server;
      server = undefined;
      for (const s of sockets) s.destroy();
      if (current) await new Promise<void>((r) => current.close(() => r()));
    },
  };
}
