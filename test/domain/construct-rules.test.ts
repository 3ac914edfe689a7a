import {
  awsKeyProblems,
  azureDnsProblems,
  azureEndpointProblems,
  azureKeyProblems,
  gcpDnsProblems,
  gcpKeyProblems,
  plannedZoneProblems,
  pscEndpointProblems,
  route53DnsProblems,
} from "../../domain/construct-rules";
import type { PropProblem } from "../../domain/props";

/** The prop rules of the DNS, key and endpoint constructs, called directly: each branch, each regex edge, the exact problems. */

const TOKEN = "${TfToken[TOKEN.7]}";
const TEMPLATE = 'must not contain "${" or "%{" (Terraform reads them as a template); remove them';
const AURA_DOMAIN =
  'must be an Aura domain: "production-orch-<orch>.neo4j.io", "endpoints.neo4j.io" or one name in it (a private zone for any wider domain hides every other name in it); plan zones with planRegionDns';
const TWICE = "is planned twice; one zone per domain";
const ENDPOINTS_RECORD = 'must be a record of endpoints.neo4j.io: "@" for the apex, or a DNS label ("*" or lowercase letters, digits, hyphens) with fqdn "<label>.endpoints.neo4j.io"';
const ORCH_RECORD =
  'must be a record of production-orch-0000.neo4j.io: "@" for the apex, or a DNS label ("*" or lowercase letters, digits, hyphens) with fqdn "<label>.production-orch-0000.neo4j.io"';
const IP = "must be the endpoint's IPv4 address, four numbers 0-255 without leading zeros (or its attribute, e.g. endpoint.address.address)";
const ROUTE53_ID = 'must be a Route53 hosted zone id like "Z0123456789ABCDEFGHIJ"';
const AWS_REGION = 'must be an AWS region like "us-east-1"';
const NO_VPCS = "list at least one VPC: a private zone without VPCs answers no one";
const NO_VNETS = "list at least one VNet: a private zone without links answers no one";
const AZURE_ZONE_ID = 'must be the resource id of an Azure private DNS zone ("/subscriptions/.../privateDnsZones/<domain>")';
const GCP_PROJECT = 'must be a GCP project id like "acme-graph-prod"';
const NETWORK = 'must be a VPC network self link like "projects/my-project/global/networks/my-vpc"';
const AWS_TAG_PREFIX = 'tag keys must not start with "aws:": AWS reserves that prefix';
const AZURE_TAG_NAME = "tag names must not contain < > % & \\ ? / (Azure)";
const GCP_LABEL_KEY = "label keys are 1-63 lowercase letters, digits, _ and -, starting with a lowercase letter (GCP)";

const GUID = "00000000-0000-0000-0000-000000000000";
const ORCH = "production-orch-0000.neo4j.io";
const ZONE_ID = `/subscriptions/${GUID}/resourceGroups/rg-dns/providers/Microsoft.Network/privateDnsZones/endpoints.neo4j.io`;
const orchZone = () => ({ domain: ORCH, records: [{ label: "@", fqdn: ORCH }] });

const x = (n: number, c = "a") => c.repeat(n);

// ---------------------------------------------------------------------------------------------------------

describe("plannedZoneProblems", () => {
  test("no zones: no problems", () => {
    expect(plannedZoneProblems([])).toEqual([]);
  });

  test.each([
    "production-orch-0000.neo4j.io",
    "production-orch-a.neo4j.io",
    "production-orch-abcd1234.neo4j.io",
    `production-orch-${x(20, "9")}.neo4j.io`,
    "endpoints.neo4j.io",
    "a.endpoints.neo4j.io",
    "0.endpoints.neo4j.io",
    "ab.endpoints.neo4j.io",
    "a-b.endpoints.neo4j.io",
    "abcd.endpoints.neo4j.io",
    "a--b.endpoints.neo4j.io",
    "a-neo4j-db.endpoints.neo4j.io",
    `${x(63)}.endpoints.neo4j.io`,
    `a${x(61, "-")}b.endpoints.neo4j.io`,
  ])("accepts the Aura domain %s", (domain) => {
    expect(plannedZoneProblems([{ domain, records: [] }])).toEqual([]);
  });

  test.each([
    "",
    "neo4j.io",
    "example.com",
    "x.neo4j.io",
    "production-orch-.neo4j.io",
    "production-orch-ABC.neo4j.io",
    "production-orch-00_0.neo4j.io",
    `production-orch-${x(21, "9")}.neo4j.io`,
    "production-orch-0000.endpoints.neo4j.io.example",
    "zzproduction-orch-0000.neo4j.io",
    "production-orch-0000.neo4j.io.",
    "production-orch-0000.neo4j.iox",
    "a.production-orch-0000.neo4j.io",
    "endpoints.neo4j.io.example.com",
    "xendpoints.neo4j.io",
    ".endpoints.neo4j.io",
    "-a.endpoints.neo4j.io",
    "a-.endpoints.neo4j.io",
    "-.endpoints.neo4j.io",
    "A.endpoints.neo4j.io",
    "a_b.endpoints.neo4j.io",
    "a.b.endpoints.neo4j.io",
    `${x(64)}.endpoints.neo4j.io`,
    "!a.endpoints.neo4j.io",
    "Endpoints.neo4j.io",
  ])("refuses %p", (domain) => {
    expect(plannedZoneProblems([{ domain, records: [] }])).toEqual([{ prop: "zones[0].domain", value: domain, problem: AURA_DOMAIN }]);
  });

  test("a domain planned twice: the second is refused, at its own index", () => {
    const zones = [
      { domain: "a.endpoints.neo4j.io", records: [] },
      { domain: ORCH, records: [] },
      { domain: "a.endpoints.neo4j.io", records: [] },
    ];
    expect(plannedZoneProblems(zones)).toEqual([{ prop: "zones[2].domain", value: "a.endpoints.neo4j.io", problem: TWICE }]);
  });

  test("a foreign domain planned twice: both refused as foreign, the second also as twice", () => {
    const zones = [
      { domain: "example.com", records: [] },
      { domain: "example.com", records: [] },
    ];
    expect(plannedZoneProblems(zones)).toEqual([
      { prop: "zones[0].domain", value: "example.com", problem: AURA_DOMAIN },
      { prop: "zones[1].domain", value: "example.com", problem: AURA_DOMAIN },
      { prop: "zones[1].domain", value: "example.com", problem: TWICE },
    ]);
  });

  test.each<[string, string]>([
    ["@", "endpoints.neo4j.io"],
    ["*", "*.endpoints.neo4j.io"],
    ["a", "a.endpoints.neo4j.io"],
    ["0", "0.endpoints.neo4j.io"],
    ["ab", "ab.endpoints.neo4j.io"],
    ["a-b", "a-b.endpoints.neo4j.io"],
    ["abcd", "abcd.endpoints.neo4j.io"],
    ["a--b", "a--b.endpoints.neo4j.io"],
    ["my-db-1", "my-db-1.endpoints.neo4j.io"],
    [x(63), `${x(63)}.endpoints.neo4j.io`],
  ])("accepts the record %p with fqdn %p", (label, fqdn) => {
    expect(plannedZoneProblems([{ domain: "endpoints.neo4j.io", records: [{ label: "@", fqdn: "endpoints.neo4j.io" }, { label, fqdn }] }])).toEqual([]);
  });

  test.each<[string, string]>([
    ["@", "x.endpoints.neo4j.io"],
    ["@", "@.endpoints.neo4j.io"],
    ["@", "production-orch-0000.neo4j.io"],
    ["www", "endpoints.neo4j.io"],
    ["www", "www.production-orch-0000.neo4j.io"],
    ["www", "www.endpoints.neo4j.io."],
    ["www", "wwwendpoints.neo4j.io"],
    ["WWW", "WWW.endpoints.neo4j.io"],
    ["-www", "-www.endpoints.neo4j.io"],
    ["www-", "www-.endpoints.neo4j.io"],
    ["-", "-.endpoints.neo4j.io"],
    ["a_b", "a_b.endpoints.neo4j.io"],
    ["a.b", "a.b.endpoints.neo4j.io"],
    ["", ".endpoints.neo4j.io"],
    ["**", "**.endpoints.neo4j.io"],
    ["*a", "*a.endpoints.neo4j.io"],
    ["a*", "a*.endpoints.neo4j.io"],
    [x(64), `${x(64)}.endpoints.neo4j.io`],
  ])("refuses the record %p with fqdn %p", (label, fqdn) => {
    const record = { label, fqdn };
    expect(plannedZoneProblems([{ domain: "endpoints.neo4j.io", records: [{ label: "a", fqdn: "a.endpoints.neo4j.io" }, record] }])).toEqual([
      { prop: "zones[0].records[1]", value: { label, fqdn }, problem: ENDPOINTS_RECORD },
    ]);
  });

  test("records are checked against their own zone, at their own indexes", () => {
    const zones = [
      { domain: "endpoints.neo4j.io", records: [{ label: "db", fqdn: "db.endpoints.neo4j.io" }] },
      {
        domain: ORCH,
        records: [
          { label: "@", fqdn: ORCH },
          { label: "db", fqdn: "db.endpoints.neo4j.io" },
          { label: "x", fqdn: "x.production-orch-0000.neo4j.io" },
        ],
      },
    ];
    expect(plannedZoneProblems(zones)).toEqual([{ prop: "zones[1].records[1]", value: { label: "db", fqdn: "db.endpoints.neo4j.io" }, problem: ORCH_RECORD }]);
  });

  describe("existing zone ids", () => {
    const recorder = (answer: string | null) => {
      const asked: string[] = [];
      return { asked, check: (id: string) => (asked.push(id), answer) };
    };

    test("the check's problem is reported under the zone's existingZoneId", () => {
      const r = recorder("is not a zone id");
      const zones = [
        { domain: ORCH, records: [] },
        { domain: "endpoints.neo4j.io", existingZoneId: "zone-1", records: [] },
      ];
      expect(plannedZoneProblems(zones, r.check)).toEqual([{ prop: "zones[1].existingZoneId", value: "zone-1", problem: "is not a zone id" }]);
      expect(r.asked).toEqual(["zone-1"]);
    });

    test("a check that finds nothing: no problem", () => {
      const r = recorder(null);
      expect(plannedZoneProblems([{ domain: ORCH, existingZoneId: "zone-1", records: [] }], r.check)).toEqual([]);
      expect(r.asked).toEqual(["zone-1"]);
    });

    test("an empty id is checked too", () => {
      const r = recorder("is empty");
      expect(plannedZoneProblems([{ domain: ORCH, existingZoneId: "", records: [] }], r.check)).toEqual([{ prop: "zones[0].existingZoneId", value: "", problem: "is empty" }]);
      expect(r.asked).toEqual([""]);
    });

    test("a token is not checked", () => {
      const r = recorder("is bad");
      expect(plannedZoneProblems([{ domain: ORCH, existingZoneId: TOKEN, records: [] }], r.check)).toEqual([]);
      expect(r.asked).toEqual([]);
    });

    test("a zone without an id is not checked", () => {
      const r = recorder("is bad");
      expect(plannedZoneProblems([{ domain: ORCH, records: [] }], r.check)).toEqual([]);
      expect(r.asked).toEqual([]);
    });

    test("without a check, any id passes", () => {
      expect(plannedZoneProblems([{ domain: ORCH, existingZoneId: "anything at all", records: [] }])).toEqual([]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("route53DnsProblems", () => {
  const base = () => ({ zones: [orchZone()], vpcs: [{ vpcId: "vpc-1", region: "us-east-1" }] });

  test("a planned zone with a VPC: no problems", () => {
    expect(route53DnsProblems(base())).toEqual([]);
  });

  test("the zone rules apply", () => {
    expect(route53DnsProblems({ ...base(), zones: [{ domain: "example.com", records: [] }] })).toEqual([{ prop: "zones[0].domain", value: "example.com", problem: AURA_DOMAIN }]);
  });

  test.each(["Z0123456789ABCDEFGHIJ", "Z1", "ZZ", `Z${x(32, "A")}`, `Z${x(32, "9")}`, TOKEN])("accepts the existing zone id %p (and needs no VPC)", (id) => {
    expect(route53DnsProblems({ zones: [{ domain: ORCH, existingZoneId: id, records: [] }], vpcs: [] })).toEqual([]);
  });

  test.each(["Z", "z123", "Z12a", `Z${x(33, "A")}`, "XZ123", " Z123", "Z123 ", "Z12-3", "/hostedzone/Z123"])("refuses the existing zone id %p", (id) => {
    expect(route53DnsProblems({ zones: [{ domain: ORCH, existingZoneId: id, records: [] }], vpcs: [] })).toEqual([{ prop: "zones[0].existingZoneId", value: id, problem: ROUTE53_ID }]);
  });

  test("an empty existing zone id counts as none: it needs a VPC, and is refused", () => {
    expect(route53DnsProblems({ zones: [{ domain: ORCH, existingZoneId: "", records: [] }], vpcs: [] })).toEqual([
      { prop: "zones[0].existingZoneId", value: "", problem: ROUTE53_ID },
      { prop: "vpcs", value: [], problem: NO_VPCS },
    ]);
  });

  test.each<[string, Array<{ domain: string; existingZoneId?: string; records: [] }>, PropProblem[]]>([
    ["one zone to create", [{ domain: ORCH, records: [] }], [{ prop: "vpcs", value: [], problem: NO_VPCS }]],
    [
      "one existing zone and one to create",
      [
        { domain: ORCH, existingZoneId: "Z123", records: [] },
        { domain: "endpoints.neo4j.io", records: [] },
      ],
      [{ prop: "vpcs", value: [], problem: NO_VPCS }],
    ],
    [
      "only existing zones",
      [
        { domain: ORCH, existingZoneId: "Z123", records: [] },
        { domain: "endpoints.neo4j.io", existingZoneId: "Z456", records: [] },
      ],
      [],
    ],
    ["no zones at all", [], []],
  ])("no VPCs with %s", (_name, zones, expected) => {
    expect(route53DnsProblems({ zones, vpcs: [] })).toEqual(expected);
  });

  test.each(["us-east-1", "eu-west-3", "ap-southeast-12", "us-gov-west-1", "cn-north-1", "me-central-1"])("accepts the region %s", (region) => {
    expect(route53DnsProblems({ ...base(), vpcs: [{ vpcId: "vpc-1", region }] })).toEqual([]);
  });

  test.each(["", "us-east", "us-east-", "u-east-1", "use-east-1", "US-east-1", "us-East-1", "us--1", "us-east-x", "us-gov-", "xus-east-1", "-us-east-1", "us-east-1a", "us-east-1 ", "us-gv-west-1"])(
    "refuses the region %p",
    (region) => {
      expect(route53DnsProblems({ ...base(), vpcs: [{ vpcId: "vpc-1", region: "us-east-1" }, { vpcId: "vpc-2", region }] })).toEqual([
        { prop: "vpcs[1].region", value: region, problem: AWS_REGION },
      ]);
    },
  );

  test("tags pass through the AWS tag rules", () => {
    expect(route53DnsProblems({ ...base(), tags: { team: "graph" } })).toEqual([]);
    expect(route53DnsProblems({ ...base(), tags: { team: "graph", "aws:owner": "me" } })).toEqual([{ prop: 'tags["aws:owner"]', value: "me", problem: AWS_TAG_PREFIX }]);
  });

  test("all problems, in order: zones, VPCs, regions, tags", () => {
    expect(route53DnsProblems({ zones: [{ domain: ORCH, existingZoneId: "nope", records: [] }, { domain: "x.com", records: [] }], vpcs: [], tags: { "aws:a": "b" } })).toEqual([
      { prop: "zones[0].existingZoneId", value: "nope", problem: ROUTE53_ID },
      { prop: "zones[1].domain", value: "x.com", problem: AURA_DOMAIN },
      { prop: "vpcs", value: [], problem: NO_VPCS },
      { prop: 'tags["aws:a"]', value: "b", problem: AWS_TAG_PREFIX },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

const ACCEPTED_IPS = ["10.0.0.5", "0.0.0.0", "255.255.255.255", "255.0.0.0", "0.0.0.255", "250.251.252.253", "240.0.0.0", "0.0.0.240", "249.200.199.100", "9.0.0.0", "0.0.0.9", "99.0.0.0", "0.0.0.99", "199.0.0.0", "0.0.0.199", "1.22.123.9", "100.64.10.1", TOKEN];
const REFUSED_IPS = ["", "10.0.0", "10.0.0.0.0", "256.0.0.0", "0.0.0.256", "260.0.0.0", "300.1.1.1", "1000.1.1.1", "1.2.3.4.5", "1.1.2.3.4", "x1.2.3.4", "1.2.3.4x", "1.2.3.a", "a.b.c.d", "10.0.0.5/32", " 10.0.0.5", "10.0.0.5 ", "10..0.5", "::1", "010.0.0.5", "10.0.0.05", "10.00.0.5", "00.0.0.0", "10.0.0.005", "0x0a.0.0.5"];

describe("gcpDnsProblems", () => {
  const NET = "projects/acme-graph-prod/global/networks/vpc";
  const base = () => ({ project: "acme-graph-prod", zones: [orchZone()], networks: [NET], ipAddress: "10.0.0.5" });

  test("valid: no problems", () => {
    expect(gcpDnsProblems(base())).toEqual([]);
  });

  test("existing zone ids are not checked here", () => {
    expect(gcpDnsProblems({ ...base(), zones: [{ domain: ORCH, existingZoneId: "any name", records: [] }] })).toEqual([]);
  });

  test.each(["Acme-graph-prod", "acme", "acme-graph-prod-", "1acme-graph", ""])("refuses the project %p", (project) => {
    expect(gcpDnsProblems({ ...base(), project })).toEqual([{ prop: "project", value: project, problem: GCP_PROJECT }]);
  });

  test("no networks", () => {
    expect(gcpDnsProblems({ ...base(), networks: [] })).toEqual([{ prop: "networks", value: [], problem: "list at least one network: private DNS without networks answers no one" }]);
  });

  test("networks: self links, API URLs and tokens pass; anything else is refused at its index", () => {
    expect(gcpDnsProblems({ ...base(), networks: [NET, `https://www.googleapis.com/compute/v1/${NET}`, TOKEN, "vpc", "projects/acme-graph-prod/networks/vpc"] })).toEqual([
      { prop: "networks[3]", value: "vpc", problem: NETWORK },
      { prop: "networks[4]", value: "projects/acme-graph-prod/networks/vpc", problem: NETWORK },
    ]);
  });

  test.each(ACCEPTED_IPS)("accepts the IP address %p", (ipAddress) => {
    expect(gcpDnsProblems({ ...base(), ipAddress })).toEqual([]);
  });

  test.each(REFUSED_IPS)("refuses the IP address %p", (ipAddress) => {
    expect(gcpDnsProblems({ ...base(), ipAddress })).toEqual([{ prop: "ipAddress", value: ipAddress, problem: IP }]);
  });

  test("labels pass through the GCP label rules", () => {
    expect(gcpDnsProblems({ ...base(), labels: { team: "graph" } })).toEqual([]);
    expect(gcpDnsProblems({ ...base(), labels: { Team: "graph" } })).toEqual([{ prop: "labels.Team", value: "graph", problem: GCP_LABEL_KEY }]);
  });

  test("all problems, in order: zones, project, networks, IP, labels", () => {
    expect(gcpDnsProblems({ project: "X", zones: [{ domain: "x.com", records: [] }], networks: ["n"], ipAddress: "1.2.3", labels: { A: "b" } })).toEqual([
      { prop: "zones[0].domain", value: "x.com", problem: AURA_DOMAIN },
      { prop: "project", value: "X", problem: GCP_PROJECT },
      { prop: "networks[0]", value: "n", problem: NETWORK },
      { prop: "ipAddress", value: "1.2.3", problem: IP },
      { prop: "labels.A", value: "b", problem: GCP_LABEL_KEY },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("azureDnsProblems", () => {
  const base = () => ({ zones: [orchZone()], vnets: [{ id: "vnet" }] as unknown[], ipAddress: "10.0.0.5" });

  test("valid: no problems", () => {
    expect(azureDnsProblems(base())).toEqual([]);
  });

  test.each([ZONE_ID, ZONE_ID.toLowerCase(), TOKEN])("accepts the existing zone id %p (and needs no VNet)", (id) => {
    expect(azureDnsProblems({ ...base(), zones: [{ domain: "endpoints.neo4j.io", existingZoneId: id, records: [] }], vnets: [] })).toEqual([]);
  });

  test.each(["endpoints.neo4j.io", `/subscriptions/${GUID}/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones/endpoints.neo4j.io`, `${ZONE_ID}/x`])("refuses the existing zone id %p", (id) => {
    expect(azureDnsProblems({ ...base(), zones: [{ domain: "endpoints.neo4j.io", existingZoneId: id, records: [] }], vnets: [] })).toEqual([
      { prop: "zones[0].existingZoneId", value: id, problem: AZURE_ZONE_ID },
    ]);
  });

  test.each<[string, Array<{ domain: string; existingZoneId?: string; records: [] }>, PropProblem[]]>([
    ["one zone to create", [{ domain: ORCH, records: [] }], [{ prop: "vnets", value: [], problem: NO_VNETS }]],
    [
      "one existing zone and one to create",
      [
        { domain: ORCH, existingZoneId: ZONE_ID, records: [] },
        { domain: "endpoints.neo4j.io", records: [] },
      ],
      [{ prop: "vnets", value: [], problem: NO_VNETS }],
    ],
    ["only existing zones", [{ domain: "endpoints.neo4j.io", existingZoneId: ZONE_ID, records: [] }], []],
    ["no zones at all", [], []],
  ])("no VNets with %s", (_name, zones, expected) => {
    expect(azureDnsProblems({ zones, vnets: [], ipAddress: "10.0.0.5" })).toEqual(expected);
  });

  test.each(ACCEPTED_IPS)("accepts the IP address %p", (ipAddress) => {
    expect(azureDnsProblems({ ...base(), ipAddress })).toEqual([]);
  });

  test.each(REFUSED_IPS)("refuses the IP address %p", (ipAddress) => {
    expect(azureDnsProblems({ ...base(), ipAddress })).toEqual([{ prop: "ipAddress", value: ipAddress, problem: IP }]);
  });

  test("tags pass through the Azure tag rules", () => {
    expect(azureDnsProblems({ ...base(), tags: { team: "graph" } })).toEqual([]);
    expect(azureDnsProblems({ ...base(), tags: { "a/b": "x" } })).toEqual([{ prop: 'tags["a/b"]', value: "x", problem: AZURE_TAG_NAME }]);
  });

  test("all problems, in order: zones, VNets, IP, tags", () => {
    expect(azureDnsProblems({ zones: [{ domain: "x.com", records: [] }], vnets: [], ipAddress: "", tags: { "a?": "x" } })).toEqual([
      { prop: "zones[0].domain", value: "x.com", problem: AURA_DOMAIN },
      { prop: "vnets", value: [], problem: NO_VNETS },
      { prop: "ipAddress", value: "", problem: IP },
      { prop: 'tags["a?"]', value: "x", problem: AZURE_TAG_NAME },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("pscEndpointProblems", () => {
  const ATTACHMENT = "projects/aura-prod-1234/regions/europe-west1/serviceAttachments/db-ingress-private-ip";
  const SUBNET = "projects/acme-graph-prod/regions/europe-west1/subnetworks/snet";
  const ATTACHMENT_FORMAT = "must be the service attachment URL shown in the Aura console (projects/<project>/regions/<region>/serviceAttachments/<name>)";
  const SUBNET_FORMAT = 'must be a subnetwork self link like "projects/my-project/regions/europe-west1/subnetworks/my-subnet"';
  const ADDRESS = 'must be a free IPv4 address of the subnetwork, like "10.10.0.5" (four numbers 0-255 without leading zeros)';
  const base = () => ({ project: "acme-graph-prod", region: "europe-west1", network: "projects/acme-graph-prod/global/networks/vpc", subnetwork: SUBNET, serviceAttachment: ATTACHMENT });

  test.each<[string, object]>([
    ["everything given", {}],
    ["an address", { address: "10.10.0.5" }],
    ["the attachment as an API URL", { serviceAttachment: `https://www.googleapis.com/compute/v1/${ATTACHMENT}` }],
    ["a token network", { network: TOKEN }],
    ["a token subnetwork", { subnetwork: TOKEN }],
    ["labels", { labels: { team: "graph" } }],
  ])("valid with %s", (_name, over) => {
    expect(pscEndpointProblems({ ...base(), ...over })).toEqual([]);
  });

  test("a bad project", () => {
    expect(pscEndpointProblems({ ...base(), project: "Acme" })).toEqual([{ prop: "project", value: "Acme", problem: 'must be the GCP project id that Aura allow-lists, like "acme-graph-prod"' }]);
  });

  test.each(["", "db-ingress-private-ip", "projects/aura-prod-1234/regions/europe-west1/forwardingRules/x", TOKEN])("refuses the service attachment %p", (serviceAttachment) => {
    expect(pscEndpointProblems({ ...base(), serviceAttachment })).toEqual([{ prop: "serviceAttachment", value: serviceAttachment, problem: ATTACHMENT_FORMAT }]);
  });

  test("a service attachment of another region", () => {
    const serviceAttachment = "projects/aura-prod-1234/regions/us-central1/serviceAttachments/db";
    expect(pscEndpointProblems({ ...base(), serviceAttachment })).toEqual([
      { prop: "serviceAttachment", value: serviceAttachment, problem: "is a service attachment in us-central1, but the endpoint is in europe-west1; a PSC endpoint reaches attachments of its own region only" },
    ]);
  });

  test.each(["vpc", "", "projects/acme-graph-prod/regions/europe-west1/networks/vpc"])("refuses the network %p", (network) => {
    expect(pscEndpointProblems({ ...base(), network })).toEqual([{ prop: "network", value: network, problem: NETWORK }]);
  });

  test.each(["snet", "", "projects/acme-graph-prod/global/networks/vpc"])("refuses the subnetwork %p", (subnetwork) => {
    expect(pscEndpointProblems({ ...base(), subnetwork })).toEqual([{ prop: "subnetwork", value: subnetwork, problem: SUBNET_FORMAT }]);
  });

  test("a subnetwork of another region", () => {
    const subnetwork = "projects/acme-graph-prod/regions/us-central1/subnetworks/snet";
    expect(pscEndpointProblems({ ...base(), subnetwork })).toEqual([{ prop: "subnetwork", value: subnetwork, problem: "is a subnetwork of us-central1, but the endpoint is in europe-west1" }]);
  });

  test.each(["", "10.10.0.256", "10.10.0", TOKEN, "10.10.0.5 ", "10.10.0.05", "010.10.0.5"])("refuses the address %p (a token too: the address is chosen here)", (address) => {
    expect(pscEndpointProblems({ ...base(), address })).toEqual([{ prop: "address", value: address, problem: ADDRESS }]);
  });

  test("labels pass through the GCP label rules", () => {
    expect(pscEndpointProblems({ ...base(), labels: { Team: "graph" } })).toEqual([{ prop: "labels.Team", value: "graph", problem: GCP_LABEL_KEY }]);
  });

  test("all problems, in order", () => {
    expect(pscEndpointProblems({ project: "P", region: "europe-west1", network: "n", subnetwork: "s", serviceAttachment: "a", address: "x", labels: { A: "b" } })).toEqual([
      { prop: "project", value: "P", problem: 'must be the GCP project id that Aura allow-lists, like "acme-graph-prod"' },
      { prop: "serviceAttachment", value: "a", problem: ATTACHMENT_FORMAT },
      { prop: "network", value: "n", problem: NETWORK },
      { prop: "subnetwork", value: "s", problem: SUBNET_FORMAT },
      { prop: "address", value: "x", problem: ADDRESS },
      { prop: "labels.A", value: "b", problem: GCP_LABEL_KEY },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe("azureEndpointProblems", () => {
  const ALIAS = `production-orch-0000-service.${GUID}.eastus.azure.privatelinkservice`;
  const SUBNET_ID = `/subscriptions/${GUID}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet`;
  const ALIAS_FORMAT = "must be the private link service alias shown in the Aura console (<name>.<guid>.<region>.azure.privatelinkservice)";
  const SUBNET_FORMAT = "must be a subnet resource id (/subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Network/virtualNetworks/<v>/subnets/<n>)";
  const MESSAGE = "must be 1-140 characters (Azure's limit for a request message)";
  const base = () => ({ location: "eastus", subnetId: SUBNET_ID, privateLinkServiceAlias: ALIAS, requestMessage: "Neo4j Aura private endpoint" });

  test.each<[string, object]>([
    ["everything given", {}],
    ["a token subnet", { subnetId: TOKEN }],
    ["the alias in capitals", { privateLinkServiceAlias: ALIAS.toUpperCase() }],
    ["a one-character message", { requestMessage: "a" }],
    ["a 140-character message", { requestMessage: x(140, "m") }],
    ["a message with a lone $ and %", { requestMessage: "costs $5 and 5% {more}" }],
    ["tags", { tags: { team: "graph" } }],
  ])("valid with %s", (_name, over) => {
    expect(azureEndpointProblems({ ...base(), ...over })).toEqual([]);
  });

  test.each(["", "eastus", `production-orch-0000-service.${GUID}.eastus.azure.privatelinkservice.com`, TOKEN])("refuses the alias %p", (privateLinkServiceAlias) => {
    expect(azureEndpointProblems({ ...base(), privateLinkServiceAlias })).toEqual([{ prop: "privateLinkServiceAlias", value: privateLinkServiceAlias, problem: ALIAS_FORMAT }]);
  });

  test("an alias of another location", () => {
    expect(azureEndpointProblems({ ...base(), location: "westeurope" })).toEqual([
      { prop: "privateLinkServiceAlias", value: ALIAS, problem: "is a private link service in eastus, but the endpoint is in westeurope; use the alias the Aura console shows for westeurope" },
    ]);
  });

  test.each(["", "snet", `/subscriptions/${GUID}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet`])("refuses the subnet id %p", (subnetId) => {
    expect(azureEndpointProblems({ ...base(), subnetId })).toEqual([{ prop: "subnetId", value: subnetId, problem: SUBNET_FORMAT }]);
  });

  test.each<[string, unknown]>([
    ["empty", ""],
    ["141 characters", x(141, "m")],
    ["200 characters", x(200, "m")],
    ["not a string", 42],
    ["missing", undefined],
  ])("refuses a request message that is %s", (_name, requestMessage) => {
    expect(azureEndpointProblems({ ...base(), requestMessage: requestMessage as string })).toEqual([{ prop: "requestMessage", value: requestMessage, problem: MESSAGE }]);
  });

  test.each(["please ${var.x}", "%{if x}y%{endif}", "${"])("refuses a template in the request message %p", (requestMessage) => {
    expect(azureEndpointProblems({ ...base(), requestMessage })).toEqual([{ prop: "requestMessage", value: requestMessage, problem: TEMPLATE }]);
  });

  test("a template in a message over the limit: only the length", () => {
    const requestMessage = `\${${x(140)}`;
    expect(azureEndpointProblems({ ...base(), requestMessage })).toEqual([{ prop: "requestMessage", value: requestMessage, problem: MESSAGE }]);
  });

  test("tags pass through the Azure tag rules", () => {
    expect(azureEndpointProblems({ ...base(), tags: { "a<b": "x" } })).toEqual([{ prop: 'tags["a<b"]', value: "x", problem: AZURE_TAG_NAME }]);
  });

  test("all problems, in order", () => {
    expect(azureEndpointProblems({ location: "eastus", subnetId: "s", privateLinkServiceAlias: "a", requestMessage: "", tags: { "a/b": "x" } })).toEqual([
      { prop: "privateLinkServiceAlias", value: "a", problem: ALIAS_FORMAT },
      { prop: "subnetId", value: "s", problem: SUBNET_FORMAT },
      { prop: "requestMessage", value: "", problem: MESSAGE },
      { prop: 'tags["a/b"]', value: "x", problem: AZURE_TAG_NAME },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------

type Check = (value: number | undefined) => PropProblem[];
const awsKeyBase = { alias: "alias/aura-cmk", accountId: "123456789012", region: "us-east-1" };
const gcpKeyBase = { project: "acme-graph-prod", region: "europe-west1", keyRingName: "aura-ring", keyName: "aura-key", auraServiceAccounts: ["aura-kms@my-project.iam.gserviceaccount.com"] };
const azureKeyBase = { vaultName: "aura-cmk-vault", auraApplicationId: GUID };

describe.each<[string, Check, number, number, string]>([
  ["AWS deletionWindowDays", (v) => awsKeyProblems({ ...awsKeyBase, deletionWindowDays: v }), 7, 30, "must be a whole number of days, 7-30 (AWS KMS waiting period before deletion)"],
  ["AWS rotationPeriodDays", (v) => awsKeyProblems({ ...awsKeyBase, rotationPeriodDays: v }), 90, 2560, "must be a whole number of days, 90-2560 (AWS KMS automatic rotation period)"],
  ["GCP rotationPeriodDays", (v) => gcpKeyProblems({ ...gcpKeyBase, rotationPeriodDays: v }), 1, 36500, "must be a whole number of days, 1-36500 (Cloud KMS automatic rotation period)"],
  ["GCP destroyScheduledDays", (v) => gcpKeyProblems({ ...gcpKeyBase, destroyScheduledDays: v }), 1, 120, "must be a whole number of days, 1-120 (Cloud KMS scheduled-for-destruction period)"],
  ["Azure rotateAfterDays", (v) => azureKeyProblems({ ...azureKeyBase, rotateAfterDays: v }), 7, 36500, "must be a whole number of days, 7-36500 (Key Vault rotates at least 7 days after creation)"],
  ["Azure softDeleteRetentionDays", (v) => azureKeyProblems({ ...azureKeyBase, softDeleteRetentionDays: v }), 7, 90, "must be a whole number of days, 7-90 (Key Vault soft-delete retention)"],
])("%s", (name, check, min, max, problem) => {
  const prop = name.split(" ")[1]!;

  test.each<[string, number | undefined]>([
    ["not given", undefined],
    ["the minimum", min],
    ["one above the minimum", min + 1],
    ["one below the maximum", max - 1],
    ["the maximum", max],
  ])("accepts %s (%p)", (_what, value) => {
    expect(check(value)).toEqual([]);
  });

  test.each<[string, number]>([
    ["one below the minimum", min - 1],
    ["one above the maximum", max + 1],
    ["half a day above the minimum", min + 0.5],
    ["half a day below the maximum", max - 0.5],
    ["zero", 0],
    ["negative", -min],
    ["NaN", Number.NaN],
    ["infinity", Number.POSITIVE_INFINITY],
  ])("refuses %s (%p)", (_what, value) => {
    expect(check(value)).toEqual([{ prop, value, problem }]);
  });
});

describe("awsKeyProblems", () => {
  const ALIAS_FORMAT = 'must be 1-250 letters, digits, "/", "_" or "-"';
  const RESERVED = 'must not start with "aws/": that prefix is reserved for AWS managed keys';
  const ACCOUNT = "must be the 12-digit AWS account id of the key (quote it: leading zeros count)";
  const ARN_FORMAT = 'must be the ARN of a multi-Region key: "arn:aws:kms:<region>:<account>:key/mrk-<32 hex>"';
  const MRK = "mrk-0123456789abcdef0123456789abcdef";

  test("valid: no problems", () => {
    expect(awsKeyProblems(awsKeyBase)).toEqual([]);
  });

  test.each(["alias/aura-cmk", "aura-cmk", "a", "alias/a", "A_b-9/c", "team/aura/cmk", x(250), `alias/${x(250)}`, "alias/alias/x", "xaws/key", "my-aws/key", "alias/awskey", "aws"])(
    "accepts the alias %p",
    (alias) => {
      expect(awsKeyProblems({ ...awsKeyBase, alias })).toEqual([]);
    },
  );

  test.each(["", "alias/", x(251), `alias/${x(251)}`, `x${"alias/"}${x(244)}`, "aura cmk", "aura.cmk", "!aura", "aura!", "alias:aura"])("refuses the alias %p", (alias) => {
    expect(awsKeyProblems({ ...awsKeyBase, alias })).toEqual([{ prop: "alias", value: alias, problem: ALIAS_FORMAT }]);
  });

  test.each(["aws/key", "alias/aws/key", "aws/"])("refuses the reserved alias %p", (alias) => {
    expect(awsKeyProblems({ ...awsKeyBase, alias })).toEqual([{ prop: "alias", value: alias, problem: RESERVED }]);
  });

  test("an alias both malformed and reserved: both problems", () => {
    expect(awsKeyProblems({ ...awsKeyBase, alias: "aws/a b" })).toEqual([
      { prop: "alias", value: "aws/a b", problem: ALIAS_FORMAT },
      { prop: "alias", value: "aws/a b", problem: RESERVED },
    ]);
  });

  test.each(["123456789012", "012345678901", "000000000000"])("accepts the account id %p", (accountId) => {
    expect(awsKeyProblems({ ...awsKeyBase, accountId })).toEqual([]);
  });

  test.each(["", "12345678901", "1234567890123", "12345678901a", "a123456789012", "123456789012a", " 123456789012", "1234-5678-9012"])("refuses the account id %p", (accountId) => {
    expect(awsKeyProblems({ ...awsKeyBase, accountId })).toEqual([{ prop: "accountId", value: accountId, problem: ACCOUNT }]);
  });

  test.each(["", "Aura CMK", "costs $5 and 5% {more}"])("accepts the description %p", (description) => {
    expect(awsKeyProblems({ ...awsKeyBase, description })).toEqual([]);
  });

  test.each(["key ${var.x}", "%{if x}"])("refuses a template in the description %p", (description) => {
    expect(awsKeyProblems({ ...awsKeyBase, description })).toEqual([{ prop: "description", value: description, problem: TEMPLATE }]);
  });

  test.each([
    `arn:aws:kms:eu-west-1:123456789012:key/${MRK}`,
    `arn:aws-cn:kms:cn-north-1:123456789012:key/${MRK}`,
    `arn:aws-us-gov:kms:us-gov-west-1:012345678901:key/${MRK}`,
    `arn:aws:kms:ap-southeast-2:123456789012:key/mrk-${x(32, "f")}`,
    TOKEN,
  ])("accepts the primary key ARN %p from another region", (primaryKeyArn) => {
    expect(awsKeyProblems({ ...awsKeyBase, primaryKeyArn })).toEqual([]);
  });

  test.each([
    "",
    `arn:aws:kms:eu-west-1:123456789012:key/0123456789abcdef0123456789abcdef`,
    `arn:aws:kms:eu-west-1:123456789012:key/${MRK}0`,
    `arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789abcdef0123456789abcde`,
    `arn:aws:kms:eu-west-1:123456789012:key/mrk-0123456789ABCDEF0123456789ABCDEF`,
    `xarn:aws:kms:eu-west-1:123456789012:key/${MRK}`,
    `arn:aws-xx:kms:eu-west-1:123456789012:key/${MRK}`,
    `arn:aws:s3:eu-west-1:123456789012:key/${MRK}`,
    `arn:aws:kms::123456789012:key/${MRK}`,
    `arn:aws:kms:EU-west-1:123456789012:key/${MRK}`,
    `arn:aws:kms:eu-west-1:12345678901:key/${MRK}`,
    `arn:aws:kms:eu-west-1:1234567890123:key/${MRK}`,
    `arn:aws:kms:eu-west-1:123456789012:alias/${MRK}`,
  ])("refuses the primary key ARN %p", (primaryKeyArn) => {
    expect(awsKeyProblems({ ...awsKeyBase, primaryKeyArn })).toEqual([{ prop: "primaryKeyArn", value: primaryKeyArn, problem: ARN_FORMAT }]);
  });

  test("a primary key in the replica's own region", () => {
    const primaryKeyArn = `arn:aws:kms:us-east-1:123456789012:key/${MRK}`;
    expect(awsKeyProblems({ ...awsKeyBase, primaryKeyArn })).toEqual([
      { prop: "primaryKeyArn", value: primaryKeyArn, problem: "is a key of us-east-1, the replica's own region; a replica lives in another region than its primary" },
    ]);
  });

  test("tags pass through the AWS tag rules", () => {
    expect(awsKeyProblems({ ...awsKeyBase, tags: { team: "graph" } })).toEqual([]);
    expect(awsKeyProblems({ ...awsKeyBase, tags: { "aws:x": "y" } })).toEqual([{ prop: 'tags["aws:x"]', value: "y", problem: AWS_TAG_PREFIX }]);
  });

  test("all problems, in order", () => {
    expect(
      awsKeyProblems({ alias: "aws/", accountId: "1", description: "${x}", deletionWindowDays: 6, rotationPeriodDays: 89, primaryKeyArn: "arn", region: "us-east-1", tags: { "aws:x": "y" } }),
    ).toEqual([
      { prop: "alias", value: "aws/", problem: RESERVED },
      { prop: "accountId", value: "1", problem: ACCOUNT },
      { prop: "description", value: "${x}", problem: TEMPLATE },
      { prop: "deletionWindowDays", value: 6, problem: "must be a whole number of days, 7-30 (AWS KMS waiting period before deletion)" },
      { prop: "rotationPeriodDays", value: 89, problem: "must be a whole number of days, 90-2560 (AWS KMS automatic rotation period)" },
      { prop: "primaryKeyArn", value: "arn", problem: ARN_FORMAT },
      { prop: 'tags["aws:x"]', value: "y", problem: AWS_TAG_PREFIX },
    ]);
  });
});

describe("gcpKeyProblems", () => {
  const NAME = "must be 1-63 letters, digits, underscores or hyphens";
  const SA = 'must be a service account email like "aura-kms@my-project.iam.gserviceaccount.com"';

  test("valid: no problems", () => {
    expect(gcpKeyProblems(gcpKeyBase)).toEqual([]);
  });

  test("a bad project", () => {
    expect(gcpKeyProblems({ ...gcpKeyBase, project: "Acme" })).toEqual([{ prop: "project", value: "Acme", problem: GCP_PROJECT }]);
  });

  test.each(["a", "ring_1-A", "ab", x(63), x(63, "Z"), "0", "_", "-"])("accepts the key ring and key name %p", (name) => {
    expect(gcpKeyProblems({ ...gcpKeyBase, keyRingName: name, keyName: name })).toEqual([]);
  });

  test.each(["", x(64), "a.b", ".ab", "ab.", "a b", "ab/", "!ab"])("refuses the key ring name %p and the key name %p", (name) => {
    expect(gcpKeyProblems({ ...gcpKeyBase, keyRingName: name })).toEqual([{ prop: "keyRingName", value: name, problem: NAME }]);
    expect(gcpKeyProblems({ ...gcpKeyBase, keyName: name })).toEqual([{ prop: "keyName", value: name, problem: NAME }]);
  });

  test("no service accounts", () => {
    expect(gcpKeyProblems({ ...gcpKeyBase, auraServiceAccounts: [] })).toEqual([
      { prop: "auraServiceAccounts", value: [], problem: "list the service accounts the Aura console shows for customer managed keys" },
    ]);
  });

  test.each(["aura-kms@my-project.iam.gserviceaccount.com", "a@abcdef.iam.gserviceaccount.com", "x.y+z@a1234-6.iam.gserviceaccount.com", `a@a${x(28, "b")}c.iam.gserviceaccount.com`])(
    "accepts the service account %p",
    (account) => {
      expect(gcpKeyProblems({ ...gcpKeyBase, auraServiceAccounts: [account] })).toEqual([]);
    },
  );

  test.each([
    "",
    "@my-project.iam.gserviceaccount.com",
    "a b@my-project.iam.gserviceaccount.com",
    " a@my-project.iam.gserviceaccount.com",
    "a@b@my-project.iam.gserviceaccount.com",
    "aura@my-project.iam.gserviceaccount.com.evil",
    "aura@my-project.iam.gserviceaccount.comx",
    "aura@my-project.iam.gserviceaccount.co",
    "aura@1my-project.iam.gserviceaccount.com",
    "aura@My-project.iam.gserviceaccount.com",
    "aura@my_project.iam.gserviceaccount.com",
    "aura@my-project-.iam.gserviceaccount.com",
    "aura@abcde.iam.gserviceaccount.com",
    `a@a${x(29, "b")}c.iam.gserviceaccount.com`,
    "aura@my-project.gserviceaccount.com",
    "aura-kms",
  ])("refuses the service account %p", (account) => {
    expect(gcpKeyProblems({ ...gcpKeyBase, auraServiceAccounts: ["aura-kms@my-project.iam.gserviceaccount.com", account] })).toEqual([
      { prop: "auraServiceAccounts[1]", value: account, problem: SA },
    ]);
  });

  test("labels pass through the GCP label rules", () => {
    expect(gcpKeyProblems({ ...gcpKeyBase, labels: { team: "graph" } })).toEqual([]);
    expect(gcpKeyProblems({ ...gcpKeyBase, labels: { Team: "graph" } })).toEqual([{ prop: "labels.Team", value: "graph", problem: GCP_LABEL_KEY }]);
  });

  test("all problems, in order", () => {
    expect(gcpKeyProblems({ project: "P", region: "europe-west1", keyRingName: "", keyName: "a b", rotationPeriodDays: 0, destroyScheduledDays: 121, auraServiceAccounts: [], labels: { A: "b" } })).toEqual([
      { prop: "project", value: "P", problem: GCP_PROJECT },
      { prop: "keyRingName", value: "", problem: NAME },
      { prop: "keyName", value: "a b", problem: NAME },
      { prop: "rotationPeriodDays", value: 0, problem: "must be a whole number of days, 1-36500 (Cloud KMS automatic rotation period)" },
      { prop: "destroyScheduledDays", value: 121, problem: "must be a whole number of days, 1-120 (Cloud KMS scheduled-for-destruction period)" },
      { prop: "auraServiceAccounts", value: [], problem: "list the service accounts the Aura console shows for customer managed keys" },
      { prop: "labels.A", value: "b", problem: GCP_LABEL_KEY },
    ]);
  });
});

describe("azureKeyProblems", () => {
  const ONE_OF =
    "give exactly one of auraApplicationId (the Neo4j CMK Application ID: its service principal is created here) and auraServicePrincipalObjectId (a service principal created beforehand)";
  const UUID = "must be a UUID like 00000000-0000-0000-0000-000000000000";
  const VAULT = "must be 3-24 letters, digits and single hyphens, starting with a letter (globally unique)";
  const KEY_SIZE = "must be 2048, 3072 or 4096 (RSA sizes Aura accepts)";
  const HSM = 'HSM-backed keys need sku: "premium"';
  const LOWER = "abcdef01-2345-6789-abcd-ef0123456789";
  const UPPER = "ABCDEF01-2345-6789-ABCD-EF0123456789";

  test.each<[string, { auraApplicationId?: string; auraServicePrincipalObjectId?: string }, PropProblem[]]>([
    ["the application id only", { auraApplicationId: GUID }, []],
    ["the service principal object id only", { auraServicePrincipalObjectId: GUID }, []],
    ["neither", {}, [{ prop: "auraApplicationId", value: undefined, problem: ONE_OF }]],
    ["both", { auraApplicationId: LOWER, auraServicePrincipalObjectId: GUID }, [{ prop: "auraApplicationId", value: LOWER, problem: ONE_OF }]],
  ])("Aura's service principal named by %s", (_name, ids, expected) => {
    expect(azureKeyProblems({ vaultName: "aura-cmk-vault", ...ids })).toEqual(expected);
  });

  test.each([GUID, LOWER, UPPER, TOKEN])("accepts the id %p", (id) => {
    expect(azureKeyProblems({ vaultName: "aura-cmk-vault", auraApplicationId: id })).toEqual([]);
    expect(azureKeyProblems({ vaultName: "aura-cmk-vault", auraServicePrincipalObjectId: id })).toEqual([]);
  });

  test.each(["", "not-a-guid", `${GUID}0`, `{${GUID}}`, "00000000000000000000000000000000", "g0000000-0000-0000-0000-000000000000"])("refuses the id %p", (id) => {
    expect(azureKeyProblems({ vaultName: "aura-cmk-vault", auraApplicationId: id })).toEqual([{ prop: "auraApplicationId", value: id, problem: UUID }]);
    expect(azureKeyProblems({ vaultName: "aura-cmk-vault", auraServicePrincipalObjectId: id })).toEqual([{ prop: "auraServicePrincipalObjectId", value: id, problem: UUID }]);
  });

  test.each(["abc", "aura-cmk-vault", "a-b", "a1b", "Abcd", "A0-9", x(24), `a${x(22, "-b").slice(0, 22)}c`])("accepts the vault name %p", (vaultName) => {
    expect(azureKeyProblems({ ...azureKeyBase, vaultName })).toEqual([]);
  });

  test.each(["", "ab", x(25), "1abc", "-abcd", "abcd-", "abc--def", "a--b", "ab--", "ab_cd", "ab.cd", "abc ", "!abcd"])("refuses the vault name %p", (vaultName) => {
    expect(azureKeyProblems({ ...azureKeyBase, vaultName })).toEqual([{ prop: "vaultName", value: vaultName, problem: VAULT }]);
  });

  test.each([undefined, 2048, 3072, 4096])("accepts the key size %p", (keySize) => {
    expect(azureKeyProblems({ ...azureKeyBase, keySize })).toEqual([]);
  });

  test.each([0, 1024, 2047, 2049, 4097, 8192])("refuses the key size %p", (keySize) => {
    expect(azureKeyProblems({ ...azureKeyBase, keySize })).toEqual([{ prop: "keySize", value: keySize, problem: KEY_SIZE }]);
  });

  test.each<[string | undefined, string | undefined, PropProblem[]]>([
    [undefined, undefined, []],
    ["RSA", undefined, []],
    ["RSA", "standard", []],
    ["RSA", "premium", []],
    ["RSA-HSM", "premium", []],
    ["RSA-HSM", "standard", [{ prop: "keyType", value: "RSA-HSM", problem: HSM }]],
    ["RSA-HSM", undefined, [{ prop: "keyType", value: "RSA-HSM", problem: HSM }]],
    ["RSA-HSM", "Premium", [{ prop: "keyType", value: "RSA-HSM", problem: HSM }]],
    ["rsa-hsm", "standard", []],
  ])("key type %p with sku %p", (keyType, sku, expected) => {
    expect(azureKeyProblems({ ...azureKeyBase, keyType, sku })).toEqual(expected);
  });

  test("tags pass through the Azure tag rules", () => {
    expect(azureKeyProblems({ ...azureKeyBase, tags: { team: "graph" } })).toEqual([]);
    expect(azureKeyProblems({ ...azureKeyBase, tags: { "a%b": "x" } })).toEqual([{ prop: 'tags["a%b"]', value: "x", problem: AZURE_TAG_NAME }]);
  });

  test("all problems, in order", () => {
    expect(
      azureKeyProblems({
        vaultName: "v",
        keySize: 1024,
        keyType: "RSA-HSM",
        sku: "standard",
        rotateAfterDays: 6,
        softDeleteRetentionDays: 91,
        auraApplicationId: "x",
        auraServicePrincipalObjectId: "y",
        tags: { "a/b": "c" },
      }),
    ).toEqual([
      { prop: "auraApplicationId", value: "x", problem: ONE_OF },
      { prop: "auraApplicationId", value: "x", problem: UUID },
      { prop: "auraServicePrincipalObjectId", value: "y", problem: UUID },
      { prop: "vaultName", value: "v", problem: VAULT },
      { prop: "keySize", value: 1024, problem: KEY_SIZE },
      { prop: "keyType", value: "RSA-HSM", problem: HSM },
      { prop: "rotateAfterDays", value: 6, problem: "must be a whole number of days, 7-36500 (Key Vault rotates at least 7 days after creation)" },
      { prop: "softDeleteRetentionDays", value: 91, problem: "must be a whole number of days, 7-90 (Key Vault soft-delete retention)" },
      { prop: 'tags["a/b"]', value: "c", problem: AZURE_TAG_NAME },
    ]);
  });
});
