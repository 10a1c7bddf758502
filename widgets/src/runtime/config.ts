/**
 * Page-level configuration: where Stratum's API is and how to get an embed token. Read from the
 * `<script>` that loaded the bundle (`data-api`, `data-token-endpoint`, and optionally a first
 * token the portal's server already minted in `data-token`), or set by the host page with
 * `StratumWidgets.configure({ apiBase, getToken, token })`.
 */

/** What the host page's token source returns: a token and when it expires (ISO 8601 or epoch ms). */
export interface EmbedTokenGrant {
  readonly token: string;
  readonly expiresAt: string | number;
}

export type GetToken = () => Promise<EmbedTokenGrant>;

export interface WidgetsConfig {
  apiBase: string;
  getToken: GetToken | undefined;
}

/**
 * What `configure` accepts. `token` hands in a first token (a bare token's expiry is read from
 * its `exp` claim): the first render then waits for no token round trip.
 */
export interface ConfigureOptions extends Partial<WidgetsConfig> {
  readonly token?: string | EmbedTokenGrant;
}

const SCRIPT_SELECTOR = 'script[src*="stratum-widgets"]';

function loaderScript(): HTMLScriptElement | undefined {
  const scripts = [...document.querySelectorAll<HTMLScriptElement>(SCRIPT_SELECTOR)];
  return scripts.find((script) => script.dataset.tokenEndpoint !== undefined) ?? scripts[0];
}

function tokenEndpointGetter(endpoint: string): GetToken {
  return async () => {
    // Same-origin call to the portal's own server, which mints the token server to server.
    const response = await fetch(endpoint, { method: 'POST', credentials: 'same-origin' });
    if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
    const body = (await response.json()) as Partial<EmbedTokenGrant>;
    if (typeof body.token !== 'string' || body.expiresAt === undefined)
      throw new Error('token endpoint: bad body');
    return { token: body.token, expiresAt: body.expiresAt };
  };
}

const script = loaderScript();

function initialConfig(): WidgetsConfig {
  const base = script?.dataset.api ?? (script === undefined ? location.origin : new URL(script.src).origin);
  const endpoint = script?.dataset.tokenEndpoint;
  return {
    apiBase: base.replace(/\/+$/, ''),
    getToken: endpoint === undefined ? undefined : tokenEndpointGetter(endpoint),
  };
}

export const config: WidgetsConfig = initialConfig();

/** The first token the portal's server put on the script tag (`data-token`), if any. */
export const initialToken: string | undefined =
  script?.dataset.token === undefined || script.dataset.token === '' ? undefined : script.dataset.token;

const listeners = new Set<(options: ConfigureOptions) => void>();

export function onConfigure(listener: (options: ConfigureOptions) => void): void {
  listeners.add(listener);
}

export function configure(options: ConfigureOptions): void {
  if (options.apiBase !== undefined) config.apiBase = options.apiBase.replace(/\/+$/, '');
  if (options.getToken !== undefined) config.getToken = options.getToken;
  for (const listener of listeners) listener(options);
}
