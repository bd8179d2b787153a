/** The parts of an SfCommand that progress output needs. */
interface Host {
  spinner: { start(action: string): void; stop(status?: string): void; status: string | undefined };
  jsonEnabled(): boolean;
}

/**
 * Progress of long work. On a terminal, oclif's spinner with its status replaced in place.
 * Elsewhere (CI logs, pipes, files) one line per step: oclif's non-terminal spinner appends
 * each new status to the previous one ("...300 accountsScoring... written 200 of 300").
 * Quiet under --json either way.
 */
export class Progress {
  private action = '';
  private lastShape = '';
  private lastAt = 0;

  constructor(
    private readonly host: Host,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    /** same-shaped updates ("read 2000", "read 4000") at most this often on a non-terminal */
    private readonly everyMs = 2000,
  ) {}

  private get terminal(): boolean {
    return Boolean(this.stream.isTTY);
  }

  private line(text: string): void {
    if (!this.host.jsonEnabled()) this.stream.write(`${text}\n`);
  }

  start(action: string): void {
    this.action = action;
    this.lastShape = '';
    if (this.terminal) this.host.spinner.start(action);
    else this.line(`${action}...`);
  }

  /** A status update; pass it as a `progress` callback. */
  readonly status = (message: string): void => {
    if (this.terminal) {
      this.host.spinner.status = message;
      return;
    }
    const shape = message.replace(/\d+/g, '#');
    const now = Date.now();
    if (shape === this.lastShape && now - this.lastAt < this.everyMs) return;
    this.lastShape = shape;
    this.lastAt = now;
    this.line(`  ${message}`);
  };

  stop(result = 'done'): void {
    if (this.terminal) this.host.spinner.stop(result);
    else this.line(`${this.action}: ${result}`);
  }
}
