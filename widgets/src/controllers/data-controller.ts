/**
 * Loads a widget's data and keeps it live: fetches when the element connects or its inputs
 * change, and again on `kpis:changed` when the change touches the widget's days and platforms.
 * No polling. The state drives the skeleton, empty, error and ready renderings.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ApiError } from '../runtime/api.js';
import { onAlert, onKpisChanged } from '../runtime/live.js';
import type { KpisChanged } from '../runtime/live.js';

export type DataState<T> =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly data: T }
  | { readonly status: 'error'; readonly code: string; readonly httpStatus: number };

export interface DataControllerOptions<T> {
  /** Loads the data; its key (the query) decides whether inputs changed. */
  readonly load: (signal: AbortSignal) => Promise<T>;
  readonly key: () => string;
  /** Days and platforms the loaded data covers, to ignore unrelated changes. */
  readonly covers?: (data: T) => {
    readonly from?: string;
    readonly to?: string;
    readonly platforms?: readonly string[];
  };
  /** Follow `kpis:changed` (default true). */
  readonly live?: boolean;
  /** Which live event triggers a refetch: `kpis:changed` (default) or `alert`. */
  readonly liveEvent?: 'kpis:changed' | 'alert';
}

function touches(
  change: KpisChanged,
  scope: ReturnType<NonNullable<DataControllerOptions<unknown>['covers']>>,
): boolean {
  if (change.from !== undefined && scope.to !== undefined && change.from > scope.to) return false;
  if (change.to !== undefined && scope.from !== undefined && change.to < scope.from) return false;
  if (change.platforms !== undefined && scope.platforms !== undefined && scope.platforms.length > 0) {
    return change.platforms.some((platform) => scope.platforms?.includes(platform));
  }
  return true;
}

export class DataController<T> implements ReactiveController {
  state: DataState<T> = { status: 'loading' };
  private lastKey: string | undefined;
  private abort: AbortController | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: DataControllerOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.options.live === false) return;
    if (this.options.liveEvent === 'alert') {
      this.unsubscribe = onAlert(() => void this.reload());
    } else {
      this.unsubscribe = onKpisChanged((change) => {
        if (this.state.status !== 'ready' || this.options.covers === undefined) return void this.reload();
        if (touches(change, this.options.covers(this.state.data))) void this.reload();
      });
    }
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.abort?.abort();
    this.lastKey = undefined;
  }

  /** Called from the host's `willUpdate`: fetches when the inputs changed. */
  hostUpdate(): void {
    const key = this.options.key();
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.state = { status: 'loading' };
    void this.reload();
  }

  async reload(): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    try {
      const data = await this.options.load(abort.signal);
      if (abort.signal.aborted) return;
      this.state = { status: 'ready', data };
    } catch (error) {
      if (abort.signal.aborted) return;
      this.state =
        error instanceof ApiError
          ? { status: 'error', code: error.code, httpStatus: error.status }
          : { status: 'error', code: 'NETWORK', httpStatus: 0 };
    }
    this.host.requestUpdate();
  }
}
