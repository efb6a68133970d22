// The shape of a parser: a pure function from one source's text to typed facts, never throwing.

export interface Parsed<T> {
  ok: true;
  parser: string;
  facts: T;
  /** Lines the parser skipped as unrecognised (counted, first few kept), for the report. */
  skipped?: { count: number; examples: string[] };
}

export interface Unparsed {
  ok: false;
  parser: string;
  /** Why, in words: "no 'Mem:' line", "empty output"… */
  reason: string;
  /** The first lines of what was seen (capped), for the report. */
  excerpt: string;
}

export type ParseOutcome<T> = Parsed<T> | Unparsed;

export interface ParserSpec<T> {
  /** Short name used by `hostsnap parse NAME`: free, meminfo, kernlog… */
  name: string;
  /** The source ids (probe ids) this parser reads: ['proc-meminfo']. */
  sources: string[];
  /** One line on the formats it reads, versions included. */
  description: string;
  /** Return facts, or `unparsed(reason, text)`; throwing is caught and turned into Unparsed. */
  parse(text: string): T | Unparsed;
}

export interface Parser<T> extends ParserSpec<T> {
  /** Safe entry point: never throws, whatever the text. */
  run(text: string): ParseOutcome<T>;
}

const EXCERPT_LINES = 8;
const EXCERPT_CHARS = 800;

export function excerptOf(text: string): string {
  return text.split('\n', EXCERPT_LINES).join('\n').slice(0, EXCERPT_CHARS);
}

/** Build an Unparsed result (the parser name is filled in by `run`). */
export function unparsed(reason: string, text: string): Unparsed {
  return { ok: false, parser: '', reason, excerpt: excerptOf(text) };
}

function isUnparsed(value: unknown): value is Unparsed {
  return typeof value === 'object' && value !== null && (value as Unparsed).ok === false;
}

/**
 * Host text can hold figures no double can carry ("free:1e400kB", 400 digits): Number() turns
 * them into Infinity, which JSON cannot say. At the boundary every non-finite number becomes null,
 * whichever parser let it through: such a figure is not a reading.
 */
export function withoutNonFinite<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (typeof node === 'number') return Number.isFinite(node) ? node : null;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) node[i] = walk(node[i]);
    } else if (node !== null && typeof node === 'object' && !(node instanceof Map) && !(node instanceof Set)) {
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record)) record[key] = walk(record[key]);
    }
    return node;
  };
  return walk(value) as T;
}

export function defineParser<T>(spec: ParserSpec<T>): Parser<T> {
  return {
    ...spec,
    run(text: string): ParseOutcome<T> {
      try {
        if (text.trim() === '') return { ...unparsed('empty output', text), parser: spec.name };
        const result = spec.parse(text);
        if (isUnparsed(result)) return { ...result, parser: spec.name };
        return { ok: true, parser: spec.name, facts: withoutNonFinite(result) };
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return { ...unparsed(`parser failed: ${message}`, text), parser: spec.name };
      }
    },
  };
}
