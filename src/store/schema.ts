import { z } from "zod";
import { SettingField } from "../parse/setting-fields.js";

/**
 * Stored rows. Their zod schemas are the truth: rows read back are parsed through them (a row another version
 * wrote, or someone edited by hand, is refused loudly, never half-used), and Kysely's table types are inferred.
 * Every table is keyed by the Slack workspace (`team_id`): no query reads a row without naming its workspace.
 * The exceptions hold no workspace's data: `seen_events` and `hub_configs`, the state replicas share (below).
 */

/** Slack ids: workspaces T…, users U…/W…, enterprise grids E…. */
export const TeamId = z.string().regex(/^[TE][A-Z0-9]{2,20}$/, "a Slack workspace id (T…)");
export const UserId = z.string().regex(/^[UW][A-Z0-9]{2,20}$/, "a Slack user id (U…)");

/** A named group of GPUs a team owns ("orion: 8× A100 40 GB"). */
export const FleetRow = z.object({
  team_id: TeamId,
  /** The name as typed, for display. */
  name: z.string().min(1).max(40),
  /** Lower-cased: names are unique per workspace regardless of case. */
  name_key: z.string().min(1).max(40),
  /** Catalog id of the card. */
  gpu_id: z.string().min(1).max(80),
  count: z.number().int().min(1).max(100_000),
  created_by: UserId,
  /** ISO-8601 UTC (sorts as text on both engines). */
  created_at: z.iso.datetime(),
});
export type FleetRow = z.infer<typeof FleetRow>;

/** One change to a fleet, kept for Home's "last changes". */
export const FleetChangeRow = z.object({
  id: z.uuid(),
  team_id: TeamId,
  action: z.enum(["add", "remove"]),
  name: z.string().min(1).max(40),
  gpu_id: z.string().min(1).max(80),
  count: z.number().int().min(1).max(100_000),
  user_id: UserId,
  at: z.iso.datetime(),
});
export type FleetChangeRow = z.infer<typeof FleetChangeRow>;

/** One default: the workspace's (`user_id` "") or a person's, as request-language text. */
export const SettingRow = z.object({
  team_id: TeamId,
  user_id: z.union([z.literal(""), UserId]),
  field: SettingField,
  value: z.string().min(1).max(80),
  updated_by: UserId,
  updated_at: z.iso.datetime(),
});
export type SettingRow = z.infer<typeof SettingRow>;

/** An Events API delivery one replica claimed: the others leave it (see src/store/seen-events.ts). */
export const SeenEventRow = z.object({
  event_id: z.string().min(1).max(64),
  seen_at: z.iso.datetime(),
});
export type SeenEventRow = z.infer<typeof SeenEventRow>;

/** A request acknowledged before its work was done, kept until it is answered (see src/store/pending.ts). */
export const PendingRow = z.object({
  id: z.string().min(1).max(64),
  kind: z.string().min(1).max(40),
  team_id: z.string().min(1).max(32),
  user_id: z.string().max(32).nullable(),
  channel: z.string().max(32).nullable(),
  content_type: z.string().min(1).max(80),
  body: z
    .string()
    .min(1)
    .max(256 * 1024),
  received_at: z.iso.datetime(),
  owner: z.string().max(40).nullable(),
  lease_until: z.iso.datetime().nullable(),
  attempts: z.number().int().min(0),
});
export type PendingRow = z.infer<typeof PendingRow>;

/** A Hub lookup's result shared by the replicas (see src/store/hub-configs.ts). */
export const HubConfigRow = z.object({
  /** Lower-cased `org/name`: the Hub's ids are case-insensitive. */
  repo_key: z.string().min(3).max(200),
  /** A HubResult as JSON, parsed by src/models/hub/result.ts when read; 256 kB is far above any real one. */
  result: z
    .string()
    .min(2)
    .max(256 * 1024),
  expires_at: z.iso.datetime(),
});
export type HubConfigRow = z.infer<typeof HubConfigRow>;

/** A value sealed by src/store/secrets.ts (`v1.<iv>.<tag>.<ciphertext>`, base64url): never a token in clear. */
const Sealed = z.string().regex(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/, "a sealed token");

/**
 * A workspace that installed the app through "Add to Slack" (multi-workspace mode). Its tokens are sealed under
 * the key `key_id` names, bound to this row's workspace; times are ISO-8601 UTC like every other table's.
 */
export const InstallationRow = z.object({
  team_id: TeamId,
  /** Set for a workspace inside an Enterprise Grid; org-wide installs themselves are refused. */
  enterprise_id: z
    .string()
    .regex(/^E[A-Z0-9]{2,20}$/, "an Enterprise Grid id (E…)")
    .nullable(),
  team_name: z.string().max(255).nullable(),
  app_id: z.string().max(32).nullable(),
  /** Who installed it. */
  installer_id: UserId,
  bot_id: z.string().regex(/^B[A-Z0-9]{2,20}$/, "a Slack bot id (B…)"),
  bot_user_id: UserId,
  /** Comma-separated, as Slack gives them. */
  bot_scopes: z.string().max(4000),
  bot_token: Sealed,
  /** With token rotation on: the refresh token and when the access token expires. */
  bot_refresh_token: Sealed.nullable(),
  bot_token_expires_at: z.iso.datetime().nullable(),
  /** A user token only exists if user scopes are asked for (manifest.yml asks for none). */
  user_scopes: z.string().max(4000).nullable(),
  user_token: Sealed.nullable(),
  user_refresh_token: Sealed.nullable(),
  user_token_expires_at: z.iso.datetime().nullable(),
  /** keyIdOf() of the key every sealed value of this row is under. */
  key_id: z.string().regex(/^[0-9a-f]{12}$/, "a key id (12 hex digits)"),
  installed_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type InstallationRow = z.infer<typeof InstallationRow>;

/** Kysely's view of the database. */
export interface Database {
  fleet_groups: FleetRow;
  fleet_changes: FleetChangeRow;
  settings: SettingRow;
  seen_events: SeenEventRow;
  hub_configs: HubConfigRow;
  installations: InstallationRow;
  /** Kysely's own migration bookkeeping is in kysely_migration(_lock). Every key is written by the app (uuids,
   * timestamps), none generated by an engine: one behaviour on both. */
  pending_requests: PendingRow;
}
