/** Every print slot is taken and the line is full: the caller should come back later. */
export class PrintQueueFull extends Error {
  constructor(readonly running: number, readonly waiting: number, readonly retryAfterSeconds: number) {
    super(`${running} PDFs are being printed and ${waiting} are waiting: try again in ${retryAfterSeconds} s.`);
    this.name = 'PrintQueueFull';
  }
}

export interface PrintQueueLimits {
  /** Prints running at once (each is a Chromium tab: a core and memory). */
  running: number;
  /** Prints waiting for a slot; one more is turned away. */
  waiting: number;
  /** What a turned-away caller is told to wait before retrying: about one print. */
  retryAfterSeconds: number;
}

export interface PrintQueueStats {
  running: number;
  waiting: number;
  /** The most prints ever running at once: what tests check against the cap. */
  peakRunning: number;
  turnedAway: number;
}

/**
 * Runs at most `limits.running` prints at once, first come first served, with a bounded line;
 * beyond it a print is refused at once (PrintQueueFull) rather than left to time out.
 */
export class PrintQueue {
  private running = 0;
  private peakRunning = 0;
  private turnedAway = 0;
  private readonly line: Array<() => void> = [];

  constructor(readonly limits: PrintQueueLimits) {}

  async run<T>(print: () => Promise<T>): Promise<T> {
    if (this.running >= this.limits.running) {
      if (this.line.length >= this.limits.waiting) {
        this.turnedAway += 1;
        throw new PrintQueueFull(this.running, this.line.length, this.limits.retryAfterSeconds);
      }
      await new Promise<void>((resolve) => this.line.push(resolve));
    } else {
      this.running += 1;
    }
    this.peakRunning = Math.max(this.peakRunning, this.running);
    try {
      return await print();
    } finally {
      // The slot passes straight to the next in line, so `running` never dips and overshoots.
      const next = this.line.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  stats(): PrintQueueStats {
    return { running: this.running, waiting: this.line.length, peakRunning: this.peakRunning, turnedAway: this.turnedAway };
  }
}
