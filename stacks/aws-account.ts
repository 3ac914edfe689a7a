import { AwsProvider, type AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import type { IConstruct } from "constructs";
import type { AwsRegionConfig } from "../config/aws";
import { DEFAULT_SESSION_NAME, type AwsAccountPin } from "../domain/aws/account-pin";

/** The account a configured AWS region deploys into, and the role to get there if one is configured. */
export function regionAccountPin(r: Pick<AwsRegionConfig, "accountId" | "assumeRoleArn" | "assumeRoleExternalId" | "assumeRoleSessionName">): AwsAccountPin {
  if (!r.assumeRoleArn) return { accountId: r.accountId };
  return {
    accountId: r.accountId,
    assumeRole: { roleArn: r.assumeRoleArn, sessionName: r.assumeRoleSessionName ?? DEFAULT_SESSION_NAME, ...(r.assumeRoleExternalId ? { externalId: r.assumeRoleExternalId } : {}) },
  };
}

/**
 * Provider arguments that keep a provider in one account: `allowed_account_ids` makes the provider refuse
 * credentials of any other account before it plans anything ("AWS account ID not allowed: <id>"), and
 * `assume_role` gets there from a pipeline's tooling account.
 */
export function accountProviderProps(pin: AwsAccountPin): Pick<AwsProviderConfig, "allowedAccountIds" | "assumeRole"> {
  return {
    allowedAccountIds: [pin.accountId],
    ...(pin.assumeRole ? { assumeRole: [{ roleArn: pin.assumeRole.roleArn, sessionName: pin.assumeRole.sessionName, externalId: pin.assumeRole.externalId }] } : {}),
  };
}

/**
 * Pins every AWS provider under scope that has no account of its own yet (a construct that made its own
 * provider, such as the Lambda runner's). Returns how many it pinned.
 */
export function pinAwsProviders(scope: IConstruct, pin: AwsAccountPin): number {
  const providers = scope.node.findAll().filter((c): c is AwsProvider => c instanceof AwsProvider && c.allowedAccountIds === undefined);
  for (const p of providers) {
    const props = accountProviderProps(pin);
    p.allowedAccountIds = props.allowedAccountIds;
    if (props.assumeRole && p.assumeRole === undefined) p.assumeRole = props.assumeRole;
  }
  return providers.length;
}
