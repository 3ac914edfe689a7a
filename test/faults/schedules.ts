/**
 * Random fault schedules for the soak (test/faults/soak.ts), as fast-check arbitraries: the same seed gives
 * the same schedules, so a failure found once is replayed with `--seed`. A schedule is plain data (printed
 * when it fails); the soak turns it into faults on the Bolt test server or the fake Aura API.
 */
import fc from "fast-check";
import type { Neo4jAccessInput } from "../../domain/neo4j/access-model";

// ---------------------------------------------------------------------------------------------------------
// Access states: a small pool of names, so old and new states overlap (kept, dropped and added items).

const ROLES = ["app_reader", "app_writer", "auditor", "reporter"] as const;
const USERS = ["carol", "dave", "erin"] as const;
const PRIVILEGES = [
  { privilege: "ACCESS", database: "db1" },
  { privilege: "ACCESS", database: "db2" },
  { privilege: "MATCH", graph: "db1" },
  { privilege: "TRAVERSE", graph: "db2" },
  { privilege: "WRITE", graph: "db1" },
  { action: "DENY", privilege: "READ", graph: "db1", nodes: ["Secret"], properties: ["ssn"] },
  { privilege: "SHOW TRANSACTION", database: "db1", users: ["carol"] },
] as const;

export type AccessSpecInput = Pick<Neo4jAccessInput, "roles" | "users" | "localAliases" | "remoteAliases">;

const subset = <T>(items: readonly T[]) => fc.subarray([...items]);

export const accessSpecArb: fc.Arbitrary<AccessSpecInput> = fc
  .record({
    roles: fc.uniqueArray(fc.record({ name: fc.constantFrom(...ROLES), privileges: subset(PRIVILEGES) }), { selector: (r) => r.name, maxLength: 4 }),
    homes: fc.record({ carol: fc.option(fc.constantFrom("db1", "db2"), { nil: undefined }), dave: fc.option(fc.constantFrom("db1", "films"), { nil: undefined }) }),
    grants: fc.record({ carol: subset([...ROLES, "reader"]), dave: subset([...ROLES, "reader"]), erin: subset([...ROLES]) }),
    films: fc.option(fc.constantFrom("db1", "db2"), { nil: undefined }),
    remote: fc.option(fc.record({ url: fc.constantFrom("neo4j+s://b.example.com:7687", "neo4j+s://c.example.com:7687"), timeout: fc.constantFrom("5s", "10s") }), { nil: undefined }),
  })
  .map(({ roles, homes, grants, films, remote }) => {
    const declared = new Set<string>(roles.map((r) => r.name));
    const users = USERS.map((name) => ({
      name,
      // A user may be granted a declared role or the built-in reader only.
      roles: grants[name].filter((r) => declared.has(r) || r === "reader"),
      ...(name !== "erin" && homes[name] !== undefined && (homes[name] !== "films" || films !== undefined) ? { homeDatabase: homes[name] } : {}),
    })).filter((u) => u.roles.length > 0 || u.homeDatabase !== undefined);
    return {
      roles: roles.map((r) => ({ name: r.name, privileges: r.privileges.map((p) => ({ ...p })) })) as AccessSpecInput["roles"],
      users,
      localAliases: films ? [{ name: "films", target: films }] : [],
      remoteAliases: remote
        ? [{ name: "db1-remote", target: "db1", url: remote.url, credentials: { type: "stored" as const, user: "remote_user", password: { env: "SOAK_REMOTE_PW" } }, driver: { connection_timeout: remote.timeout } }]
        : [],
    };
  });

// ---------------------------------------------------------------------------------------------------------
// Access faults

export type AdminChange =
  | { kind: "create-role" | "drop-role"; role: string }
  | { kind: "grant-row" | "revoke-row"; role: string; privilege: number }
  | { kind: "create-alias" | "drop-alias" };

export type AccessFault =
  | { kind: "drop-before" | "drop-after" | "stall"; on: "RUN" | "PULL" | "BEGIN" | "COMMIT"; nth: number }
  | { kind: "not-a-leader"; on: "BEGIN" | "RUN" | "COMMIT"; nth: number }
  | { kind: "terminated"; code: 4 | 5; on: "RUN" | "COMMIT"; nth: number }
  | { kind: "admin"; nth: number; change: AdminChange };

const nth = fc.integer({ min: 1, max: 6 });
export const accessFaultArb: fc.Arbitrary<AccessFault> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom("drop-before" as const, "drop-after" as const), on: fc.constantFrom("RUN" as const, "PULL" as const, "BEGIN" as const, "COMMIT" as const), nth }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("stall" as const), on: fc.constantFrom("RUN" as const, "PULL" as const, "BEGIN" as const, "COMMIT" as const), nth }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("not-a-leader" as const), on: fc.constantFrom("BEGIN" as const, "RUN" as const, "COMMIT" as const), nth }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("terminated" as const), code: fc.constantFrom(4 as const, 5 as const), on: fc.constantFrom("RUN" as const, "COMMIT" as const), nth }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("admin" as const),
      // BEGIN 2 is the write transaction of the first attempt: between our read and our write.
      nth: fc.integer({ min: 1, max: 4 }),
      change: fc.oneof(
        fc.record({ kind: fc.constantFrom("create-role" as const, "drop-role" as const), role: fc.constantFrom(...ROLES) }),
        fc.record({ kind: fc.constantFrom("grant-row" as const, "revoke-row" as const), role: fc.constantFrom(...ROLES), privilege: fc.integer({ min: 0, max: PRIVILEGES.length - 1 }) }),
        fc.record({ kind: fc.constantFrom("create-alias" as const, "drop-alias" as const) }),
      ),
    }),
  },
);

export interface AccessSchedule {
  kind: "access";
  old: AccessSpecInput;
  next: AccessSpecInput;
  faults: AccessFault[];
  /** neo4j:// through a routing table over two servers; a not-a-leader fault moves the leader. */
  cluster: boolean;
}

export const accessScheduleArb: fc.Arbitrary<AccessSchedule> = fc.record({
  kind: fc.constant("access" as const),
  old: accessSpecArb,
  next: accessSpecArb,
  faults: fc.array(accessFaultArb, { minLength: 1, maxLength: 3 }),
  cluster: fc.boolean(),
});

// ---------------------------------------------------------------------------------------------------------
// Key registration faults

export type KeyFault =
  | { kind: "burst"; status: 500 | 502 | 503; count: number; target: "token" | "list" | "get" | "post" }
  | { kind: "rate-limit"; seconds: number; form: "seconds" | "date"; target: "token" | "list" | "get" | "post" }
  | { kind: "reset"; afterEffect: boolean; target: "post" | "list" | "get" }
  | { kind: "expire-token"; atGet: number }
  | { kind: "delete-key"; atGet: number };

const target = fc.constantFrom("token" as const, "list" as const, "get" as const, "post" as const);
export const keyFaultArb: fc.Arbitrary<KeyFault> = fc.oneof(
  fc.record({ kind: fc.constant("burst" as const), status: fc.constantFrom(500 as const, 502 as const, 503 as const), count: fc.integer({ min: 1, max: 7 }), target }),
  fc.record({ kind: fc.constant("rate-limit" as const), seconds: fc.integer({ min: 1, max: 90 }), form: fc.constantFrom("seconds" as const, "date" as const), target }),
  fc.record({ kind: fc.constant("reset" as const), afterEffect: fc.boolean(), target: fc.constantFrom("post" as const, "list" as const, "get" as const) }),
  fc.record({ kind: fc.constant("expire-token" as const), atGet: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant("delete-key" as const), atGet: fc.integer({ min: 1, max: 6 }) }),
);

export interface KeySchedule {
  kind: "key";
  faults: KeyFault[];
  /** Polls that answer "pending" before "ready" (slow pending -> ready). */
  pendingPolls: number;
  /** The run's deadline in minutes (the wait may run out). */
  timeoutMinutes: number;
}

export const keyScheduleArb: fc.Arbitrary<KeySchedule> = fc.record({
  kind: fc.constant("key" as const),
  faults: fc.array(keyFaultArb, { minLength: 1, maxLength: 3 }),
  pendingPolls: fc.integer({ min: 0, max: 60 }),
  timeoutMinutes: fc.integer({ min: 3, max: 20 }),
});

export type Schedule = AccessSchedule | KeySchedule;

/** Two thirds access changes, one third key registrations. */
export const scheduleArb: fc.Arbitrary<Schedule> = fc.oneof({ weight: 2, arbitrary: accessScheduleArb }, { weight: 1, arbitrary: keyScheduleArb });

export const PRIVILEGE_POOL = PRIVILEGES;

/** `count` schedules drawn from `seed`: the same seed, the same schedules. */
export function schedules(seed: number, count: number): Schedule[] {
  return fc.sample(scheduleArb, { seed, numRuns: count });
}
