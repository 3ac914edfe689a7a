/**
 * Temporal values of property rules as neo4j-driver values. A rule compares with a temporal value from Neo4j
 * 5.26 (Operations Manual, "Property-based access control"); the official parser accepts it as a parameter but
 * not as a function literal, so the planner sends `$value` and this turns the validated ISO text into the
 * driver's Date, LocalTime, Time, LocalDateTime or DateTime.
 */
import neo4j from "neo4j-driver";
import { TEMPORAL_PATTERNS, type TemporalKind } from "../../domain/neo4j/privileges";

const CLOCK = /(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?/;
const OFFSET = /(Z|[+-]\d{2}:\d{2})(?:\[([^\]]+)\])?$|\[([^\]]+)\]$/;

function clock(text: string): [number, number, number, number] {
  const m = CLOCK.exec(text)!;
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), Number((m[4] ?? "").padEnd(9, "0") || 0)];
}
function offsetSeconds(text: string): number | undefined {
  const m = OFFSET.exec(text);
  if (!m || !m[1]) return undefined;
  if (m[1] === "Z") return 0;
  const sign = m[1].startsWith("-") ? -1 : 1;
  return sign * (Number(m[1].slice(1, 3)) * 3600 + Number(m[1].slice(4, 6)) * 60);
}
function zoneId(text: string): string | undefined {
  const m = OFFSET.exec(text);
  return m ? (m[2] ?? m[3]) : undefined;
}
function date(text: string): [number, number, number] {
  const [y, mo, d] = text.slice(0, 10).split("-").map(Number);
  return [y, mo, d];
}

/** The driver value for one temporal rule value; throws on a text that does not match its kind. */
export function temporalValue(kind: TemporalKind, text: string): unknown {
  if (!TEMPORAL_PATTERNS[kind].test(text)) throw new Error(`not an ISO-8601 ${kind}: ${text}`);
  switch (kind) {
    case "date":
      return new neo4j.types.Date(...date(text));
    case "localtime":
      return new neo4j.types.LocalTime(...clock(text));
    case "time":
      return new neo4j.types.Time(...clock(text), offsetSeconds(text) ?? 0);
    case "localdatetime":
      return new neo4j.types.LocalDateTime(...date(text), ...clock(text.slice(11)));
    case "datetime": {
      const zone = zoneId(text);
      const offset = offsetSeconds(text);
      // A named zone wins; with only an offset the value is a fixed-offset DateTime.
      return new neo4j.types.DateTime(...date(text), ...clock(text.slice(11)), zone ? undefined : offset, zone);
    }
  }
}
