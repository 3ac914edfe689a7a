import { terraformLiteral } from "../../domain/terraform-literal";

describe("terraformLiteral", () => {
  test.each<[string, unknown, unknown]>([
    ["plain text is unchanged", "neo4j+s://a.b:7687", "neo4j+s://a.b:7687"],
    ["interpolation is escaped", "${var.x}", "$${var.x}"],
    ["directives are escaped", "%{ if true }", "%%{ if true }"],
    ["a lone $ or % stays", "50% of $5", "50% of $5"],
    ["nested values and keys", { "${k}": ["a", { v: "%{x}" }], n: 10, b: true, z: null }, { "$${k}": ["a", { v: "%%{x}" }], n: 10, b: true, z: null }],
  ])("%s", (_name, input, expected) => {
    expect(terraformLiteral(input)).toEqual(expected);
  });
});
