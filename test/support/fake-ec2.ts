import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback stand-in for the EC2 Query API, just enough for the AWS provider's `data "aws_vpc"` read
 * (DescribeVpcs, DescribeVpcAttribute, DescribeRouteTables), so a real terraform plan evaluates the VPC
 * DNS postconditions offline. Each VPC answers with the DNS attributes the test gives it.
 */

export interface FakeVpc {
  enableDnsSupport: boolean;
  enableDnsHostnames: boolean;
}

export interface FakeEc2 {
  url: string;
  /** Actions received, in order, e.g. "DescribeVpcs vpc-0abc". */
  calls: string[];
  close(): Promise<void>;
}

const NS = 'xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"';

function vpcXml(id: string): string {
  return (
    `<item><vpcId>${id}</vpcId><ownerId>111122223333</ownerId><state>available</state><cidrBlock>10.0.0.0/16</cidrBlock>` +
    "<cidrBlockAssociationSet><item><associationId>vpc-cidr-assoc-0a1b2c3d</associationId><cidrBlock>10.0.0.0/16</cidrBlock><cidrBlockState><state>associated</state></cidrBlockState></item></cidrBlockAssociationSet>" +
    "<ipv6CidrBlockAssociationSet/><dhcpOptionsId>dopt-0a1b2c3d</dhcpOptionsId><instanceTenancy>default</instanceTenancy><isDefault>false</isDefault><tagSet/></item>"
  );
}

function answer(params: URLSearchParams, vpcs: Readonly<Record<string, FakeVpc>>): { status: number; body: string } {
  const action = params.get("Action");
  const vpcId = params.get("VpcId") ?? params.get("VpcId.1") ?? findFilterValue(params, "vpc-id") ?? "";
  const vpc = vpcs[vpcId];
  if (!vpc) {
    return { status: 400, body: `<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code><Message>The vpc ID '${vpcId}' does not exist</Message></Error></Errors><RequestID>r</RequestID></Response>` };
  }
  switch (action) {
    case "DescribeVpcs":
      return { status: 200, body: `<DescribeVpcsResponse ${NS}><requestId>r</requestId><vpcSet>${vpcXml(vpcId)}</vpcSet></DescribeVpcsResponse>` };
    case "DescribeVpcAttribute": {
      const attribute = params.get("Attribute") ?? "";
      const value = attribute === "enableDnsSupport" ? vpc.enableDnsSupport : attribute === "enableDnsHostnames" ? vpc.enableDnsHostnames : false;
      return { status: 200, body: `<DescribeVpcAttributeResponse ${NS}><requestId>r</requestId><vpcId>${vpcId}</vpcId><${attribute}><value>${value}</value></${attribute}></DescribeVpcAttributeResponse>` };
    }
    case "DescribeRouteTables":
      return {
        status: 200,
        body:
          `<DescribeRouteTablesResponse ${NS}><requestId>r</requestId><routeTableSet><item><routeTableId>rtb-0a1b2c3d</routeTableId><vpcId>${vpcId}</vpcId><ownerId>111122223333</ownerId>` +
          "<associationSet><item><routeTableAssociationId>rtbassoc-0a1b2c3d</routeTableAssociationId><routeTableId>rtb-0a1b2c3d</routeTableId><main>true</main><associationState><state>associated</state></associationState></item></associationSet>" +
          "<routeSet/><propagatingVgwSet/><tagSet/></item></routeTableSet></DescribeRouteTablesResponse>",
      };
    default:
      return { status: 400, body: `<Response><Errors><Error><Code>UnsupportedOperation</Code><Message>fake EC2 does not answer ${action}</Message></Error></Errors><RequestID>r</RequestID></Response>` };
  }
}

function findFilterValue(params: URLSearchParams, name: string): string | undefined {
  for (let i = 1; i < 10; i++) if (params.get(`Filter.${i}.Name`) === name) return params.get(`Filter.${i}.Value.1`) ?? undefined;
  return undefined;
}

export async function startFakeEc2(vpcs: Readonly<Record<string, FakeVpc>>): Promise<FakeEc2> {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const params = new URLSearchParams(body);
      calls.push(`${params.get("Action")} ${params.get("VpcId") ?? params.get("VpcId.1") ?? findFilterValue(params, "vpc-id") ?? ""} ${params.get("Attribute") ?? ""}`.trim());
      const { status, body: xml } = answer(params, vpcs);
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
