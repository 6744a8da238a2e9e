import nock from "nock";
import { afterEach } from "vitest";

// Loaded before any test file (vitest setupFiles), so every Slack client is created with nock in place:
// the outside world is unreachable, loopback (the real Bolt app under test) is not.
nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));

afterEach(() => {
  nock.cleanAll();
});
