import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A loopback stand-in for slack.com/api and response_urls that records every post, for tests that post thousands. */
export interface Sink {
  url: string;
  /** Posts by path ("/api/chat.postMessage", "/r/<id>"), bodies decoded. */
  posts: { path: string; body: Record<string, unknown> }[];
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const posts: Sink["posts"] = [];
  const server: Server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const path = req.url ?? "/";
      const type = req.headers["content-type"] ?? "";
      const body = type.includes("json")
        ? (JSON.parse(raw) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(raw));
      for (const key of ["blocks"]) if (typeof body[key] === "string") body[key] = JSON.parse(body[key] as string);
      posts.push({ path, body });
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ ok: true, ts: "1700000000.000001" }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
