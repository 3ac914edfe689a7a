import { crossTerraform, templateProblem, terraformLiteral, type TerraformTextPolicy } from "../../domain/terraform-literal";

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

describe("terraformLiteral: every occurrence, and values that are not strings", () => {
  test.each<[string, unknown, unknown]>([
    ["every ${ is doubled, not only the first", "${a}-${b}", "$${a}-$${b}"],
    ["every %{ is doubled, not only the first", "%{a}%{b}", "%%{a}%%{b}"],
    ["both kinds in one text", "${a} %{b}", "$${a} %%{b}"],
    ["an already doubled $${ gets one more $ (Terraform reads $$${ as $ + $${)", "$${a}", "$$${a}"],
    ["$$ in the text stays two characters (no replacement-string pattern)", "$$ and $& and $1", "$$ and $& and $1"],
    ["an empty string", "", ""],
    ["undefined passes through", undefined, undefined],
    ["zero passes through", 0, 0],
    ["false passes through", false, false],
    ["an empty list", [], []],
    ["an empty object", {}, {}],
    ["a list of lists", [["${a}"], ["b"]], [["$${a}"], ["b"]]],
  ])("%s", (_name, input, expected) => {
    expect(terraformLiteral(input)).toEqual(expected);
  });
});

describe("templateProblem and crossTerraform", () => {
  const REFUSED = 'must not contain "${" or "%{" (Terraform reads them as a template); remove them';

  test.each<[string, string | null]>([
    ["${var.x}", REFUSED],
    ["%{ if true }", REFUSED],
    ["text ${", REFUSED],
    ["a$b{c", null],
    ["$ {x}", null],
    ["{x}$", null],
    ["50% of $5", null],
    ["", null],
  ])("templateProblem(%j)", (text, expected) => {
    expect(templateProblem(text)).toBe(expected);
  });

  test.each<[string, TerraformTextPolicy, { text: string; problem: string | null }]>([
    ["${x}", "escape", { text: "$${x}", problem: null }],
    ["%{x}", "escape", { text: "%%{x}", problem: null }],
    ["plain", "escape", { text: "plain", problem: null }],
    ["${x}", "refuse", { text: "${x}", problem: REFUSED }],
    ["plain", "refuse", { text: "plain", problem: null }],
  ])("crossTerraform(%j, %s)", (text, policy, expected) => {
    expect(crossTerraform(text, policy)).toEqual(expected);
  });
});
