import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { TerraformOutput } from "cdktf";
import { synthInAuraStack } from "../../support/synth";
import { AzurePrivateLinkEndpoint, type AzurePrivateLinkEndpointProps } from "../../../constructs/azure/private-link-endpoint";

const ALIAS = "production-orch-0003-service.5a8e0c4e-1b7d-4c3a-9f2e-6d1c0b9a8e7f.eastus.azure.privatelinkservice";
const SUBNET = "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-apps/subnets/snet-pe";

const props: AzurePrivateLinkEndpointProps = {
  name: "acme-aura-eastus",
  location: "eastus",
  resourceGroupName: "rg-net",
  subnetId: SUBNET,
  privateLinkServiceAlias: ALIAS,
  requestMessage: "acme private endpoint",
  tags: { owner: "platform" },
};

describe("AzurePrivateLinkEndpoint", () => {
  const out = synthInAuraStack((scope) => {
    const pe = new AzurePrivateLinkEndpoint(scope, "private_link", props);
    new TerraformOutput(scope, "ip", { value: pe.privateIpAddress });
  });

  test("a private endpoint in the subnet, connecting to the Aura alias manually with a request message", () => {
    expect(out).toHaveResourceWithProperties(PrivateEndpoint, {
      name: "acme-aura-eastus",
      location: "eastus",
      resource_group_name: "rg-net",
      subnet_id: SUBNET,
      custom_network_interface_name: "acme-aura-eastus-nic",
      private_service_connection: {
        name: "acme-aura-eastus-connection",
        private_connection_resource_alias: ALIAS,
        is_manual_connection: true,
        request_message: "acme private endpoint",
      },
      tags: { owner: "platform" },
    });
  });

  test("connects by alias only: no resource id, no subresource names, no DNS zone group", () => {
    const pe = JSON.parse(out).resource.azurerm_private_endpoint.private_link_endpoint;
    expect(pe.private_service_connection).not.toHaveProperty("private_connection_resource_id");
    expect(pe.private_service_connection).not.toHaveProperty("subresource_names");
    expect(pe).not.toHaveProperty("private_dns_zone_group");
  });

  test("the private IP is read from the private service connection", () => {
    expect(JSON.parse(out).output.ip.value).toBe("${azurerm_private_endpoint.private_link_endpoint.private_service_connection[0].private_ip_address}");
  });
});
