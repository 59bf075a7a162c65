import type { LogSource, ParsedEvent } from '../event.js';
import type { WallTime } from '../timezone.js';

/** What a parser may use besides the record itself. */
export interface ParseContext {
  /** Turns the game's zone-less wall-clock time into an instant (configured zone, default UTC). */
  toInstant(wall: WallTime): Date;
}

/**
 * One log source's parser: it claims a decoded record of its input format (returns an event) or
 * leaves it to the next parser of the chain (returns undefined). A new source is a new file with
 * one of these, never a new branch elsewhere.
 */
export interface Parser<Record> {
  readonly source: LogSource;
  parse(record: Record, ctx: ParseContext): ParsedEvent | undefined;
}
