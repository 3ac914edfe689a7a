import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { Construct } from "constructs";
import { assertProps } from "../../domain/props";
import { azureEndpointProblems } from "../../domain/construct-rules";

export interface AzurePrivateLinkEndpointProps {
  /** Name of the endpoint: `<project>-aura-<location>`. */
  readonly name: string;
  /** Normalized location (`eastus`), the same as the alias's. */
  readonly location: string;
  readonly resourceGroupName: string;
  readonly subnetId: string;
  /** The Aura private link service alias, validated and lower-cased by the config schema. */
  readonly privateLinkServiceAlias: string;
  /** Shown to whoever accepts the connection in the Aura console. */
  readonly requestMessage: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * A private endpoint to Aura's private link service, addressed by alias. Aura's service lives in
 * another tenant, so the connection is manual: it waits until accepted in the Aura console.
 */
export class AzurePrivateLinkEndpoint extends Construct {
  readonly endpoint: PrivateEndpoint;

  constructor(scope: Construct, id: string, props: AzurePrivateLinkEndpointProps) {
    super(scope, id);
    assertProps("AzurePrivateLinkEndpoint", this.node.path, azureEndpointProblems(props));
    this.endpoint = new PrivateEndpoint(this, "endpoint", {
      name: props.name,
      location: props.location,
      resourceGroupName: props.resourceGroupName,
      subnetId: props.subnetId,
      // A fixed NIC name instead of Azure's "<endpoint>.nic.<guid>", so the NIC is recognizable.
      customNetworkInterfaceName: `${props.name}-nic`,
      privateServiceConnection: {
        name: `${props.name}-connection`,
        privateConnectionResourceAlias: props.privateLinkServiceAlias,
        isManualConnection: true,
        requestMessage: props.requestMessage,
      },
      tags: { ...props.tags },
    });
  }

  /** The endpoint's private IP, known after apply: the value of every Aura A record. */
  get privateIpAddress(): string {
    return this.endpoint.privateServiceConnection.privateIpAddress;
  }
}
