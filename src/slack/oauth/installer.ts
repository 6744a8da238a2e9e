import type { EditorPolicy } from "../editors.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { HTTPReceiverOptions, webApi } from "@slack/bolt";
import type pino from "pino";
import type { Config } from "../../config.js";
import type { Db } from "../../store/db.js";
import { InstallationsStore } from "../../store/installations.js";
import { TokenCipher } from "../../store/secrets.js";
import { newRef } from "../request-log.js";
import {
  cancelledPage,
  installedPage,
  notSavedPage,
  orgInstallPage,
  type Page,
  slackRefusedPage,
  staleLinkPage,
} from "./pages.js";
import { installScopes } from "./scopes.js";

/** Bolt's defaults, named because the pages link back to the first. */
export const INSTALL_PATH = "/slack/install";
export const REDIRECT_PATH = "/slack/oauth_redirect";

type InstallerOptions = NonNullable<HTTPReceiverOptions["installerOptions"]>;
type CallbackOptions = NonNullable<InstallerOptions["callbackOptions"]>;
export type OAuthReceiverOptions = Pick<
  HTTPReceiverOptions,
  "clientId" | "clientSecret" | "stateSecret" | "scopes" | "installationStore" | "installerOptions"
>;

/**
 * A code is single-use: a retried oauth.v2.access may fail where the first try had worked. Two quick retries cover
 * a dropped connection while the person waits on the page; Slack's own platform errors are never retried.
 */
const INSTALL_RETRY: webApi.RetryOptions = { retries: 2, factor: 2, minTimeout: 200, maxTimeout: 1_000 };

function send(res: ServerResponse, p: Page): void {
  res.writeHead(p.status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
  res.end(p.html);
}

/** The page for an install that failed, by the error's code (see @slack/oauth's ErrorCode and ours). */
function failurePage(error: { code?: string }, req: IncomingMessage, ref: string): Page {
  const query = new URL(req.url ?? "/", "http://localhost").searchParams;
  if (query.get("error") === "access_denied") return cancelledPage(INSTALL_PATH);
  switch (error.code) {
    case "slack_oauth_missing_state":
    case "slack_oauth_invalid_state":
    case "slack_oauth_missing_code":
      return staleLinkPage(INSTALL_PATH);
    case "vram_org_install_unsupported":
      return orgInstallPage();
  }
  // The Web API client's errors (slack_webapi_platform_error: invalid_code, bad_client_secret …): Slack said no.
  if (error.code?.startsWith("slack_webapi_")) return slackRefusedPage(INSTALL_PATH);
  return notSavedPage(INSTALL_PATH, ref);
}

/**
 * Multi-workspace mode: what the HTTP receiver needs for Bolt's install flow. GET /slack/install sets a state cookie
 * and redirects to Slack's authorize page with the manifest's bot scopes; GET /slack/oauth_redirect checks the
 * state (signed with SLACK_STATE_SECRET, 10 minutes, this browser's cookie), exchanges the code with oauth.v2.access
 * (on SLACK_API_URL when set) and stores the installation, tokens encrypted. Bolt's authorize then reads each
 * request's workspace's installation, so every Web API call of a request carries that workspace's token.
 */
export function oauthReceiverOptions(
  oauth: NonNullable<Config["oauth"]>,
  opts: {
    db: Db;
    log: pino.Logger;
    clientOptions: webApi.WebClientOptions;
    apiUrl?: string | undefined;
    /** Who may edit the fleet: with admins, installs also ask for the scope that reads a role. */
    editors: EditorPolicy;
  },
): { receiver: OAuthReceiverOptions; installations: InstallationsStore } {
  const { log } = opts;
  const installations = new InstallationsStore(
    opts.db,
    TokenCipher.fromText(oauth.tokenKey, oauth.previousTokenKeys),
    log,
  );
  const callbackOptions: CallbackOptions = {
    // Refused before anything is stored: an org-wide install, or one without the bot the app is.
    afterInstallation: async (installation, _options, _req, res) => {
      if (installation.isEnterpriseInstall || !installation.team) {
        log.warn({ enterprise: installation.enterprise?.id }, "install refused: org-wide installs are not supported");
        send(res, orgInstallPage());
        return false;
      }
      return true;
    },
    success: (installation, _options, _req, res) => {
      const team = installation.team ?? { id: "" };
      log.info(
        { team: team.id, enterprise: installation.enterprise?.id, installer: installation.user.id },
        "installed in a workspace",
      );
      send(res, installedPage(team, installation.appId));
    },
    failure: (error, _options, req, res) => {
      const ref = newRef();
      // Codes and Slack's error names only: the query string (code, state) is never logged.
      log.warn({ ref, code: error.code, reason: error.message }, "install failed; nothing was stored");
      send(res, failurePage(error, req, ref));
    },
  };
  const authorizationUrl =
    opts.apiUrl && new URL(opts.apiUrl).hostname.endsWith("slack-gov.com")
      ? "https://slack-gov.com/oauth/v2/authorize"
      : undefined;
  return {
    installations,
    receiver: {
      clientId: oauth.clientId,
      clientSecret: oauth.clientSecret,
      stateSecret: oauth.stateSecret,
      scopes: installScopes(opts.editors),
      installationStore: installations,
      installerOptions: {
        installPath: INSTALL_PATH,
        redirectUriPath: REDIRECT_PATH,
        // Straight to Slack's consent page: the "Add to Slack" button is wherever the link is shared.
        directInstall: true,
        stateVerification: true,
        // oauth.v2.access and auth.test go where every other Web API call goes (SLACK_API_URL, tests' loopback).
        clientOptions: { ...opts.clientOptions, retryConfig: INSTALL_RETRY },
        callbackOptions,
        ...(authorizationUrl ? { authorizationUrl } : {}),
      },
    },
  };
}
