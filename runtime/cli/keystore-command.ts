import * as path from "node:path";
import { Command, Option } from "commander";
import { validateAlias } from "../keystore/alias";
import { formatEntries, createKeystoreFile, inspectKeystoreFile } from "../keystore/keystore-file";
import { ALLOWED_AES_KEY_SIZES, parseAesKeySize } from "../keystore/key-size";
import { MIN_PASSWORD_LENGTH, validateKeystorePassword } from "../keystore/password";
import { UserError } from "./errors";
import { readSecret } from "./secrets";

export const DEFAULT_PASSWORD_ENV = "KEYSTORE_PASSWORD";

const passwordHelp =
  `The password is read from $${DEFAULT_PASSWORD_ENV}, from the variable named by --password-env, or from stdin ` +
  `with --password-stdin; never from an argument.`;

export function keystoreCommand(): Command {
  const keystore = new Command("keystore").description(
    "PKCS12 keystore holding the AES-256 key Neo4j uses to encrypt stored remote alias credentials",
  );

  keystore
    .command("create")
    .description(
      `Write a PKCS12 keystore with one AES secret key (as keytool -genseckey -keyalg aes -keysize 256 -storetype pkcs12 does), file mode 0600. ${passwordHelp} Minimum password length: ${MIN_PASSWORD_LENGTH}.`,
    )
    .requiredOption("--out <file>", "keystore file to write")
    .requiredOption("--alias <key-name>", "alias of the key, used as dbms.security.key.name (lowercase)")
    .addOption(new Option("--key-size <bits>", `AES key size; allowed: ${ALLOWED_AES_KEY_SIZES.join(", ")}`).default("256"))
    .option("--password-env <NAME>", `environment variable holding the password (default ${DEFAULT_PASSWORD_ENV})`)
    .option("--password-stdin", "read the password from stdin")
    .option("--force", "overwrite an existing file")
    .action(async (options: { out: string; alias: string; keySize: string; passwordEnv?: string; passwordStdin?: boolean; force?: boolean }) => {
      const alias = validateAlias(options.alias);
      const keySize = parseAesKeySize(options.keySize);
      const secret = await readSecret(options, DEFAULT_PASSWORD_ENV);
      const password = validateKeystorePassword(secret.value, secret.source);
      createKeystoreFile({ out: options.out, alias, keySize, password, force: options.force ?? false });
      process.stdout.write(
        `wrote ${options.out} (mode 0600): AES-${keySize} secret key under alias "${alias}"\n` +
          `neo4j.conf: dbms.security.keystore.path=${path.resolve(options.out)}, dbms.security.key.name=${alias}\n`,
      );
    });

  keystore
    .command("inspect")
    .description(`List the entries of a PKCS12 keystore (also one made by keytool): alias, type, algorithm, key size. ${passwordHelp}`)
    .argument("<file>", "keystore file")
    .option("--password-env <NAME>", `environment variable holding the password (default ${DEFAULT_PASSWORD_ENV})`)
    .option("--password-stdin", "read the password from stdin")
    .option("--json", "print JSON instead of a table")
    .action(async (file: string, options: { passwordEnv?: string; passwordStdin?: boolean; json?: boolean }) => {
      const secret = await readSecret(options, DEFAULT_PASSWORD_ENV);
      if (!secret.value) throw new UserError(`keystore password from ${secret.source} is empty or not set`);
      const entries = inspectKeystoreFile(file, secret.value);
      process.stdout.write(options.json ? `${JSON.stringify(entries, null, 2)}\n` : formatEntries(entries));
    });

  return keystore;
}
