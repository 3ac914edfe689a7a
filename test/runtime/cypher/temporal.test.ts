import { temporalValue } from "../../../runtime/cypher/temporal";

/**
 * The ISO text of a temporal property rule value as the driver value the planner sends as $value (Neo4j
 * Operations Manual, "Property-based access control": the rule compares with a Neo4j temporal value). Expected
 * fields are written out per kind; the driver's classes carry exactly these fields.
 */
const fields = (v: unknown) => JSON.parse(JSON.stringify(v)) as Record<string, unknown>;

describe("temporal rule values as driver values", () => {
  test.each<[string, "date" | "localtime" | "time" | "localdatetime" | "datetime", string, Record<string, unknown>, string]>([
    ["a date", "date", "2024-10-25", { year: 2024, month: 10, day: 25 }, "Date"],
    ["a local time to the minute", "localtime", "12:30", { hour: 12, minute: 30, second: 0, nanosecond: 0 }, "LocalTime"],
    ["a local time with seconds", "localtime", "07:05:09", { hour: 7, minute: 5, second: 9, nanosecond: 0 }, "LocalTime"],
    ["a local time with a fraction (padded to nanoseconds)", "localtime", "12:30:00.5", { hour: 12, minute: 30, second: 0, nanosecond: 500000000 }, "LocalTime"],
    ["a local time with nine fraction digits", "localtime", "23:59:59.123456789", { hour: 23, minute: 59, second: 59, nanosecond: 123456789 }, "LocalTime"],
    ["a time in UTC", "time", "12:30:00Z", { hour: 12, minute: 30, second: 0, nanosecond: 0, timeZoneOffsetSeconds: 0 }, "Time"],
    ["a time east of UTC", "time", "12:30:00+05:30", { hour: 12, minute: 30, second: 0, nanosecond: 0, timeZoneOffsetSeconds: 19800 }, "Time"],
    ["a time west of UTC", "time", "01:02:03.004-08:15", { hour: 1, minute: 2, second: 3, nanosecond: 4000000, timeZoneOffsetSeconds: -29700 }, "Time"],
    ["a local date-time", "localdatetime", "2024-10-25T12:30:15", { year: 2024, month: 10, day: 25, hour: 12, minute: 30, second: 15, nanosecond: 0 }, "LocalDateTime"],
    ["a date-time with an offset", "datetime", "2024-10-25T12:30:00-02:00", { year: 2024, month: 10, day: 25, hour: 12, minute: 30, second: 0, nanosecond: 0, timeZoneOffsetSeconds: -7200 }, "DateTime"],
    ["a date-time in UTC", "datetime", "2024-10-25T12:30:00.25Z", { year: 2024, month: 10, day: 25, hour: 12, minute: 30, second: 0, nanosecond: 250000000, timeZoneOffsetSeconds: 0 }, "DateTime"],
    ["a date-time in a named zone", "datetime", "2024-10-25T12:30:00[Europe/Berlin]", { year: 2024, month: 10, day: 25, hour: 12, minute: 30, second: 0, nanosecond: 0, timeZoneId: "Europe/Berlin" }, "DateTime"],
    ["a date-time with an offset and a named zone: the zone wins", "datetime", "2024-10-25T12:30:00+02:00[Europe/Berlin]", { year: 2024, month: 10, day: 25, hour: 12, minute: 30, second: 0, nanosecond: 0, timeZoneId: "Europe/Berlin" }, "DateTime"],
  ])("%s", (_name, kind, text, expected, className) => {
    const value = temporalValue(kind, text) as object;
    expect(value.constructor.name).toBe(className);
    expect(fields(value)).toEqual(expected);
  });

  test.each<["date" | "localtime" | "time" | "localdatetime" | "datetime", string]>([
    ["date", "2024-10-25T00:00"],
    ["date", "25.10.2024"],
    ["localtime", "12:30Z"],
    ["time", "12:30:00"],
    ["localdatetime", "2024-10-25"],
    ["datetime", "2024-10-25T12:30:00"],
    ["datetime", "x2024-10-25T12:30:00Z"],
  ])("%s refuses %j, naming the kind and the text", (kind, text) => {
    expect(() => temporalValue(kind, text)).toThrow(`not an ISO-8601 ${kind}: ${text}`);
  });
});
