/**
 * Every reply the app can send is a Slack Block Kit message as @slack/types (through Bolt) defines it.
 * The first half is checked by the compiler (`tsc --noEmit` in `npm test`): the schema's types, and the return
 * type of every function that builds a reply, must be assignable to Slack's. The second half builds every reply
 * the app sends (the corpus, each button's result, the chart update, Home, the form, every error) and checks it
 * against the same schema at run time, so no value escapes the types by a cast.
 */
import { readFileSync } from "node:fs";
import type { RespondArguments, types } from "@slack/bolt";
import { describe, expect, expectTypeOf, it } from "vitest";
import { answerMessage } from "../../src/render/slack/answer.js";
import { type Block, HomeView, Message, ModalView } from "../../src/render/slack/blockkit.js";
import {
  helpMessage,
  hubErrorMessage,
  internalErrorMessage,
  lookingUpMessage,
  parseErrorMessage,
} from "../../src/render/slack/messages.js";
import { type ChartAttachment, type Reply, replyFromState, replyTo } from "../../src/render/slack/reply.js";
import { decodeState } from "../../src/render/slack/state.js";
import { fleetModal, formView, homeView } from "../../src/render/slack/views.js";
import { elsewhereMessage, fleetForbiddenMessage, roleUnknownMessage } from "../../src/render/slack/fleet.js";
import {
  settingsErrorMessage,
  settingsForbiddenMessage,
  settingsListMessage,
  settingsSavedMessage,
  settingsUnavailableMessage,
  settingsUnsetMessage,
} from "../../src/render/slack/settings.js";
import { ChartLinks } from "../../src/slack/charts/index.js";

type SlackMessage = { text: string; blocks: types.KnownBlock[] };

describe("replies type-check against @slack/types (at compile time)", () => {
  it("every block the schema allows is one of Slack's known blocks", () => {
    expectTypeOf<Block>().toExtend<types.KnownBlock>();
    expectTypeOf<Message>().toExtend<SlackMessage>();
    expectTypeOf<Message>().toExtend<RespondArguments>();
    expectTypeOf<ModalView>().toExtend<types.ModalView>();
    expectTypeOf<HomeView>().toExtend<types.HomeView>();
  });

  it("every function that builds a reply returns one", () => {
    expectTypeOf(answerMessage).returns.toExtend<SlackMessage>();
    expectTypeOf(helpMessage).returns.toExtend<SlackMessage>();
    expectTypeOf(parseErrorMessage).returns.toExtend<SlackMessage>();
    expectTypeOf(internalErrorMessage).returns.toExtend<SlackMessage>();
    expectTypeOf(lookingUpMessage).returns.toExtend<SlackMessage>();
    expectTypeOf(hubErrorMessage).returns.toExtend<SlackMessage>();
    expectTypeOf<Reply["message"]>().toExtend<SlackMessage>();
    expectTypeOf<ReturnType<ChartAttachment["attach"]>>().toExtend<SlackMessage>();
    expectTypeOf(formView).returns.toExtend<types.ModalView>();
    expectTypeOf(homeView).returns.toExtend<types.HomeView>();
    expectTypeOf(fleetModal).returns.toExtend<types.ModalView>();
    for (const m of [
      settingsListMessage,
      settingsSavedMessage,
      settingsUnsetMessage,
      settingsErrorMessage,
      settingsForbiddenMessage,
      settingsUnavailableMessage,
      elsewhereMessage,
      fleetForbiddenMessage,
      roleUnknownMessage,
    ])
      expectTypeOf(m).returns.toExtend<SlackMessage>();
  });
});

const phrasings = (
  JSON.parse(readFileSync(new URL("../fixtures/phrasings.json", import.meta.url), "utf8")) as { text: string }[]
).map((p) => p.text);

const issuesOf = (m: unknown): string[] => {
  const r = Message.safeParse(m);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("every reply the app sends passes the schema (at run time)", () => {
  const links = new ChartLinks("https://vram.example.com", "a-secret-of-sixteen-chars");

  it(`holds for each corpus answer (${phrasings.length}), its chart update and every button's result`, async () => {
    const bad: string[] = [];
    let reruns = 0;
    for (const text of phrasings) {
      const reply = replyTo(text, { prefix: "/vram", shareable: true });
      bad.push(...issuesOf(reply.message).map((i) => `${text}: ${i}`));
      if (reply.chart) {
        const url = links.urlFor(reply.chart.request);
        if (url) bad.push(...issuesOf(reply.chart.attach(url)).map((i) => `${text} + chart: ${i}`));
      }
      for (const block of reply.message.blocks) {
        if (block.type !== "actions") continue;
        for (const button of block.elements) {
          const state = decodeState(button.value);
          if (!state) continue;
          const rerun = await replyFromState(state);
          if (rerun.kind === "stale") bad.push(`${text} → ${button.action_id}: stale`);
          else bad.push(...issuesOf(rerun.message).map((i) => `${text} → ${button.action_id}: ${i}`));
          reruns++;
        }
      }
    }
    expect(bad).toEqual([]);
    expect(reruns).toBeGreaterThan(phrasings.length);
  });

  it("holds for help, errors, Home and the form", () => {
    expect(issuesOf(helpMessage("/vram"))).toEqual([]);
    expect(issuesOf(internalErrorMessage("req-1"))).toEqual([]);
    expect(issuesOf(lookingUpMessage("org/model"))).toEqual([]);
    for (const text of ["7B fp17", "foobar-model lora", "macbook m2 32gb", "7B gpu=nosuchcard"]) {
      expect(issuesOf(replyTo(text, { prefix: "/vram", shareable: true }).message), text).toEqual([]);
    }
    expect(HomeView.safeParse(homeView()).success).toBe(true);
    expect(ModalView.safeParse(formView("{}")).success).toBe(true);
    const row = { team_id: "T0A", user_id: "", updated_by: "U0A", updated_at: "2026-12-02T00:00:00.000Z" } as const;
    const rows = [
      { ...row, field: "seq" as const, value: "4096" },
      { ...row, user_id: "U0A", field: "gpu" as const, value: "rtx-4090" },
    ];
    const group = {
      team_id: "T0A",
      name: "orion",
      name_key: "orion",
      gpu_id: "a100-40gb",
      count: 8,
      created_by: "U0A",
      created_at: "2026-12-02T00:00:00.000Z",
    };
    const fleet = { kind: "fleet" as const, groups: [group], changes: [] };
    expect(HomeView.safeParse(homeView(fleet, { rows, userId: "U0A" })).success).toBe(true);
    expect(ModalView.safeParse(fleetModal([group])).success).toBe(true);
    expect(ModalView.safeParse(fleetModal([])).success).toBe(true);
    for (const m of [
      settingsListMessage(rows, "U0A", "/vram"),
      settingsListMessage([], "U0A", "/vram"),
      settingsSavedMessage("personal", rows, "/vram"),
      settingsUnsetMessage("workspace", ["seq", "unit"], ["seq"]),
      settingsErrorMessage({ kind: "error", message: "x", example: "set gpu=4090" }, "/vram"),
      settingsForbiddenMessage("/vram"),
      settingsUnavailableMessage("req-1"),
      elsewhereMessage("set gpu=4090"),
      fleetForbiddenMessage("/vram"),
      roleUnknownMessage("req-1"),
    ])
      expect(issuesOf(m)).toEqual([]);
  });
});
