/**
 * Progress of a long foreground command (`stratum sync`): a redrawn bar on a terminal, and on
 * anything else (a CI log, a file) one plain line per phase change or tenth of the way, so logs
 * stay readable.
 */
import cliProgress from 'cli-progress';

export interface ProgressUpdate {
  /** Short label of the current step (`accounts`, `campaigns`, `metrics`). */
  readonly phase: string;
  /** 0..1 when the total is known, else `null`. */
  readonly fraction: number | null;
  readonly rows: number;
  readonly apiCalls: number;
}

export interface ProgressDisplay {
  update(progress: ProgressUpdate): void;
  stop(): void;
}

export interface ProgressDisplayOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Forces plain lines even on a terminal. */
  readonly plain?: boolean;
}

const SCALE = 1000;

function plainDisplay(write: (line: string) => void): ProgressDisplay {
  let lastPhase = '';
  let lastTenth = -1;
  return {
    update({ phase, fraction, rows, apiCalls }) {
      const tenth = fraction === null ? -1 : Math.floor(fraction * 10);
      // Phases alternate per account; a line per tenth (and per phase while the total is unknown) is enough.
      const final = phase === 'done' || phase === 'failed';
      if (tenth === lastTenth && (fraction !== null || phase === lastPhase) && !final) return;
      if (final && phase === lastPhase) return;
      lastPhase = phase;
      lastTenth = tenth;
      const percent = fraction === null ? '' : ` ${Math.round(fraction * 100)}%`;
      write(`sync: ${phase}${percent} — ${rows} rows, ${apiCalls} API calls\n`);
    },
    stop() {},
  };
}

function barDisplay(stream: NodeJS.WriteStream): ProgressDisplay {
  const bar = new cliProgress.SingleBar(
    {
      stream,
      format:
        'sync {bar} {percentage}% | {phase} | {rows} rows | {apiCalls} API calls | {duration_formatted}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update({ phase, fraction, rows, apiCalls }) {
      const payload = { phase, rows, apiCalls };
      if (!started) {
        bar.start(SCALE, 0, payload);
        started = true;
      }
      if (fraction === null) bar.update(payload);
      else bar.update(Math.round(Math.min(1, Math.max(0, fraction)) * SCALE), payload);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function createProgressDisplay(options: ProgressDisplayOptions = {}): ProgressDisplay {
  const stream = options.stream ?? process.stderr;
  if (options.plain === true || stream.isTTY !== true) return plainDisplay((line) => stream.write(line));
  return barDisplay(stream);
}
