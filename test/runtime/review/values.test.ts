import type { ResourceChange } from "../../../runtime/review/plan-format";
import { afterOf, beforeOf, block, hasUnknownLeaf, replaceReason, shownAddress, str, unknownAfter } from "../../../runtime/review/values";
import { changeFactory } from "../../support/hand-built-plans";

const change = changeFactory("v");

describe("reading a change's values", () => {
  test("str keeps strings only", () => {
    expect([str("a"), str(""), str(5), str(null), str(["a"]), str({})]).toEqual(["a", "", undefined, undefined, undefined, undefined]);
  });

  test("block: a one-element list's object, or the object itself; nothing else", () => {
    expect(block([{ a: 1 }, { b: 2 }])).toEqual({ a: 1 });
    expect(block({ a: 1 })).toEqual({ a: 1 });
    expect([block([]), block([null]), block(null), block(undefined), block("x"), block(5), block(["x"])]).toEqual([undefined, undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  test("hasUnknownLeaf: a true anywhere; empty lists and objects, false, null and other values hold none", () => {
    expect([hasUnknownLeaf(true), hasUnknownLeaf([false, true]), hasUnknownLeaf({ a: false, b: { c: [true] } }), hasUnknownLeaf({ a: true, b: false })]).toEqual([true, true, true, true]);
    expect([hasUnknownLeaf(false), hasUnknownLeaf(null), hasUnknownLeaf(undefined), hasUnknownLeaf("true"), hasUnknownLeaf(1), hasUnknownLeaf([]), hasUnknownLeaf({}), hasUnknownLeaf({ a: false, b: [] })]).toEqual([
      false, false, false, false, false, false, false, false,
    ]);
  });

  test("unknownAfter: the attribute of after_unknown only; no after_unknown is nothing unknown", () => {
    const c = change("aws_x", ["update"], { a: 1 }, { a: 2 }, { afterUnknown: { a: { b: true }, c: false, d: {} } });
    expect([unknownAfter(c, "a"), unknownAfter(c, "c"), unknownAfter(c, "d"), unknownAfter(c, "e")]).toEqual([true, false, false, false]);
    expect(unknownAfter(change("aws_x", ["update"], {}, {}, { afterUnknown: null }), "a")).toBe(false);
    expect(unknownAfter(change("aws_x", ["update"], {}, {}, { afterUnknown: {} }), "a")).toBe(false);
  });

  test("replaceReason says why a resource is replaced or deleted", () => {
    const r = (actions: string[], extra: Partial<ResourceChange>) => replaceReason(change("aws_x", actions, { a: 1 }, { a: 2 }, extra));
    expect(r(["delete"], {})).toBe("deleted");
    expect(r(["delete"], { actionReason: "delete_because_no_resource_config" })).toBe("deleted: no longer in the configuration");
    expect(r(["delete"], { actionReason: "delete_because_each_key" })).toBe("deleted");
    expect(r(["update"], { actionReason: "replace_because_tainted", replacePaths: [["a"]] })).toBe("update");
    expect(r(["create"], {})).toBe("create");
    expect(r(["delete", "create"], { replacePaths: [["rule", 0, "port"], ["name"]] })).toBe("replaced because rule.0.port, name changed");
    expect(r(["delete", "create"], { replacePaths: [[]], actionReason: "replace_by_request" })).toBe("replaced on request (-replace)");
    expect(r(["delete", "create"], { replacePaths: [[]] })).toBe("replaced");
    expect(r(["create", "delete"], { actionReason: "replace_because_tainted" })).toBe("replaced because it is tainted");
    expect(r(["delete", "create"], { actionReason: "replace_by_triggers" })).toBe("replaced by replace_triggered_by");
    expect(r(["delete", "create"], { actionReason: "replace_because_cannot_update" })).toBe("replaced");
  });

  test("beforeOf and afterOf: a create has no before, a delete no after, a forget keeps its values", () => {
    const create = change("aws_x", ["create"], { stale: true }, { a: 1 });
    const del = change("aws_x", ["delete"], { a: 1 }, { stale: true });
    const forget = change("aws_x", ["forget"], { a: 1 }, null);
    const update = change("aws_x", ["update"], { a: 1 }, { a: 2 });
    expect([beforeOf(create), beforeOf(del), beforeOf(forget), beforeOf(update)]).toEqual([null, { a: 1 }, { a: 1 }, { a: 1 }]);
    expect([afterOf(create), afterOf(del), afterOf(forget), afterOf(update)]).toEqual([{ a: 1 }, null, { a: 1 }, { a: 2 }]);
  });

  test("shownAddress names a deposed object", () => {
    expect(shownAddress({ address: "aws_x.a", deposed: "00f1" })).toBe("aws_x.a (deposed object 00f1)");
    expect(shownAddress({ address: "aws_x.a" })).toBe("aws_x.a");
  });
});
