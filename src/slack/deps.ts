import type { types } from "@slack/bolt";
import type pino from "pino";
import type { HubCache } from "../models/hub/cache.js";
import type { ReplyCache } from "../render/slack/reply-cache.js";
import type { RetryPolicy } from "./retry.js";
import type { ChartLinks } from "./charts/links.js";
import type { FleetStore } from "../store/fleet.js";
import type { FleetCache } from "./fleet-cache.js";
import type { Forgotten } from "../store/workspace.js";
import type { SettingsStore, TeamSettings } from "../store/settings.js";
import type { TeamCache } from "./team-cache.js";
import type { Editors } from "./editors.js";
import type { Outbound } from "./outbound.js";
import type { SlackLanes } from "./lanes.js";
import type { Once } from "./once.js";
import type { HomeView, Message, ModalView } from "../render/slack/blockkit.js";

/** What listeners need besides Bolt's own arguments. */
export interface Deps {
  log: pino.Logger;
  /** The slash command as the manifest declares it. */
  command: string;
  /** Retries of response_url posts. */
  retry: RetryPolicy;
  /** Recent replies, shared by every listener. */
  replies: ReplyCache;
  /** The Hugging Face Hub, for models named by repository (buttons re-run through it). */
  hub: HubCache;
  /** Chart links on this app's public host; absent without PUBLIC_URL (answers then come without a chart). */
  charts?: ChartLinks | undefined;
  /** The workspaces' GPUs. */
  fleet: FleetStore;
  /** The same, as answers read them (in memory, refreshed within seconds). */
  fleets: FleetCache;
  /** Deletes a workspace's installation and all its data, and what memory holds of it (an uninstall). */
  forgetWorkspace: (teamId: string) => Promise<Forgotten>;
  /** Multi-workspace mode (SLACK_CLIENT_ID): each workspace's token is its installation's, not SLACK_BOT_TOKEN. */
  multiWorkspace: boolean;
  /** Calls to Slack, each method (and each channel's posts) on its own lane, so no limit holds up another. */
  lanes: SlackLanes;
  /** Things done at most once (a share of one message by one person), across clicks, replays and replicas. */
  once: Once;
  /** Where the app may post: Slack's Web API and response_url hosts only. */
  outbound: Outbound;
  /** Who may change the workspace's fleet and defaults (FLEET_EDITORS). */
  editors: Editors;
  /** Saved defaults, the workspace's and each person's. */
  settings: SettingsStore;
  /** The same, as answers read them (in memory, refreshed within seconds). */
  teamSettings: TeamCache<TeamSettings>;
}

/** Our blocks are a zod-checked subset of Slack's; these give them Bolt's types (a compile-time check, no copy). */
export const slackMessage = (m: Message): { text: string; blocks: types.KnownBlock[] } => m;
export const slackModal = (v: ModalView): types.ModalView => v;
export const slackHome = (v: HomeView): types.HomeView => v;
