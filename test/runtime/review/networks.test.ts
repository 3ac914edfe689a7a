import type { StackPlan } from "../../../runtime/review/plan-format";
import { mergeNetworks, networksFromPlans, networksOfResource, sharedWith } from "../../../runtime/review/networks";
import { changeFactory } from "../../support/hand-built-plans";

const VNET = "/subscriptions/0000AAAA-0000-0000-0000-000000000001/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/Vnet1";
const VNET_KEY = "azure:/subscriptions/0000aaaa-0000-0000-0000-000000000001/resourcegroups/rg/providers/microsoft.network/virtualnetworks/vnet1";

describe("the networks a resource names", () => {
  test.each([
    ["aws_vpc_endpoint", { vpc_id: "vpc-1" }, ["aws:vpc-1"]],
    ["aws_vpc_endpoint", { vpc_id: 5 }, []],
    ["aws_route53_zone_association", { vpc_id: "vpc-2" }, ["aws:vpc-2"]],
    ["aws_route53_zone_association", {}, []],
    ["aws_route53_zone", { vpc: [{ vpc_id: "vpc-3" }, { vpc_id: null }, { vpc_id: "vpc-4" }] }, ["aws:vpc-3", "aws:vpc-4"]],
    ["aws_route53_zone", { vpc: { vpc_id: "vpc-5" } }, ["aws:vpc-5"]],
    ["google_compute_forwarding_rule", { network: "https://www.googleapis.com/compute/v1/projects/p/global/networks/n" }, ["gcp:projects/p/global/networks/n"]],
    ["google_compute_forwarding_rule", { network: "https://www.googleapis.com/compute/beta/projects/p/global/networks/n" }, ["gcp:projects/p/global/networks/n"]],
    ["google_compute_forwarding_rule", { network: "projects/p/global/networks/n" }, ["gcp:projects/p/global/networks/n"]],
    ["google_compute_forwarding_rule", { network: "proxy/https://www.googleapis.com/compute/v1/projects/p" }, ["gcp:proxy/https://www.googleapis.com/compute/v1/projects/p"]],
    ["google_compute_forwarding_rule", { network: 7 }, []],
    ["google_dns_response_policy", { networks: [{ network_url: "https://www.googleapis.com/compute/v1/projects/p/global/networks/a" }, { network_url: 1 }, { network_url: "projects/q/global/networks/b" }] }, ["gcp:projects/p/global/networks/a", "gcp:projects/q/global/networks/b"]],
    ["google_dns_response_policy", {}, []],
    ["google_dns_managed_zone", { private_visibility_config: [{ networks: [{ network_url: "projects/p/global/networks/c" }, {}] }] }, ["gcp:projects/p/global/networks/c"]],
    ["google_dns_managed_zone", { private_visibility_config: [] }, []],
    ["google_dns_managed_zone", { visibility: "public" }, []],
    ["azurerm_private_dns_zone_virtual_network_link", { virtual_network_id: VNET }, [VNET_KEY]],
    ["azurerm_private_dns_zone_virtual_network_link", { virtual_network_id: ` ${VNET} ` }, [VNET_KEY]],
    ["azurerm_private_dns_zone_virtual_network_link", { virtual_network_id: "Not-A-VNet" }, ["azure:not-a-vnet"]],
    ["azurerm_private_dns_zone_virtual_network_link", {}, []],
    ["azurerm_private_endpoint", { subnet_id: `${VNET}/subnets/Sub1` }, [VNET_KEY]],
    ["azurerm_private_endpoint", { subnet_id: "Not-A-Subnet" }, ["azure:not-a-subnet"]],
    ["azurerm_private_endpoint", { subnet_id: ` ${VNET}/subnets/Sub1 ` }, [VNET_KEY]],
    ["azurerm_private_endpoint", { subnet_id: null }, []],
    ["aws_security_group", { vpc_id: "vpc-9" }, []],
    ["", { vpc_id: "vpc-9", network: "n", networks: [{ network_url: "n" }], virtual_network_id: VNET, subnet_id: VNET }, []],
  ])("%s %j", (type, values, nets) => {
    expect(networksOfResource(type, values)).toEqual(nets);
  });
});

describe("stacks that share a network", () => {
  const c = changeFactory("n");
  const plan = (stack: string, ...changes: ReturnType<typeof c>[]): StackPlan => ({ stack, file: `${stack}.json`, changes, drift: [] });

  test("from the plans: what the plan leaves (a deleted resource's network does not count), every stack listed", () => {
    const nets = networksFromPlans([
      plan("b", c("aws_vpc_endpoint", ["create"], null, { vpc_id: "vpc-1" }), c("aws_route53_zone_association", ["delete"], { vpc_id: "vpc-gone" }, null)),
      plan("a", c("aws_vpc_endpoint", ["no-op"], { vpc_id: "vpc-1" }, { vpc_id: "vpc-1" }), c("aws_vpc_endpoint", ["update"], { vpc_id: "vpc-old" }, { vpc_id: "vpc-2" })),
      plan("c"),
    ]);
    expect([...nets].map(([s, n]) => [s, [...n]])).toEqual([
      ["b", ["aws:vpc-1"]],
      ["a", ["aws:vpc-1", "aws:vpc-2"]],
      ["c", []],
    ]);
  });

  test("sharedWith: the others with a network in common, sorted; none for a stack without networks or unknown", () => {
    const nets = mergeNetworks(
      new Map([
        ["z", new Set(["aws:vpc-1"])],
        ["m", new Set(["aws:vpc-2"])],
      ]),
      new Map([
        ["a", new Set(["aws:vpc-1", "aws:vpc-3"])],
        ["m", new Set(["aws:vpc-1"])],
        ["empty", new Set<string>()],
      ]),
    );
    expect([...nets].map(([s, n]) => [s, [...n].sort()])).toEqual([
      ["z", ["aws:vpc-1"]],
      ["m", ["aws:vpc-1", "aws:vpc-2"]],
      ["a", ["aws:vpc-1", "aws:vpc-3"]],
      ["empty", []],
    ]);
    expect(sharedWith(nets, "a")).toEqual(["m", "z"]);
    expect(sharedWith(nets, "z")).toEqual(["a", "m"]);
    expect(sharedWith(nets, "empty")).toEqual([]);
    expect(sharedWith(nets, "unknown")).toEqual([]);
  });
});
