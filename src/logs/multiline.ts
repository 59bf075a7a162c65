import type { TailLine } from './tailer.js';

/**
 * Joins a Godot WARNING/ERROR/SCRIPT ERROR line and its indented continuation lines (`at:` line,
 * GDScript backtrace) into one record. The same rule as Filebeat's multiline settings in
 * deploy/filebeat/filebeat.yml: a line starting with whitespace continues the previous record.
 * The last record is held until a non-continuation line arrives or the caller flushes it (on a
 * timeout, at the end of a --once run, or when the file changes).
 */
export interface AssembledRecord {
  text: string;
  key: string;
  /** Commit offset: just after the record's last line. */
  end: number;
}

export const CONTINUATION_RE = /^[ \t]/;

export class MultilineAssembler {
  private pending: { lines: string[]; key: string; end: number } | undefined;

  constructor(private readonly maxLines = 500) {}

  /** Returns the records this line completes (0, 1 or 2). Blank lines end a record and are dropped. */
  push(line: TailLine): AssembledRecord[] {
    const out: AssembledRecord[] = [];
    if (this.pending && this.pending.key !== line.key) out.push(...this.flush());
    if (this.pending && CONTINUATION_RE.test(line.text) && line.text.trim().length > 0) {
      if (this.pending.lines.length < this.maxLines) this.pending.lines.push(line.text);
      this.pending.end = line.end;
      return out;
    }
    out.push(...this.flush());
    if (line.text.trim().length === 0) return out;
    this.pending = { lines: [line.text], key: line.key, end: line.end };
    return out;
  }

  flush(): AssembledRecord[] {
    const p = this.pending;
    this.pending = undefined;
    return p ? [{ text: p.lines.join('\n'), key: p.key, end: p.end }] : [];
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }
}
