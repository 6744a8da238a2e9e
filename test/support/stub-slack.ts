import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A stand-in for slack.com and response_url on loopback: the child process cannot be reached by nock. */
export interface Stub {
  url: string;
  answers: Record<string, unknown>[];
  close(): Promise<void>;
}

export async function stubSlack(authOk: boolean, respondDelayMs = 0): Promise<Stub> {
  const answers: Record<string, unknown>[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<string>((r) => {
      let s = "";
      req.on("data", (c: Buffer) => (s += c.toString()));
      req.on("end", () => r(s));
    });
  const server: Server = createServer((req, res) => {
    void read(req).then((body) => {
      const json = (o: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(o));
      if (req.url?.startsWith("/api/auth.test")) {
        json(
          authOk
            ? { ok: true, user_id: "U0BOT", bot_id: "B0BOT", team_id: "T0TEAM" }
            : { ok: false, error: "invalid_auth" },
        );
        return;
      }
      if (req.url === "/respond") {
        setTimeout(() => {
          answers.push(JSON.parse(body) as Record<string, unknown>);
          res.writeHead(200).end("ok");
        }, respondDelayMs);
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    answers,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
