import * as path from "node:path";
import { Command, Option } from "commander";
import { validateAlias } from "../keystore/alias";
import { read } from "read";
import { formatEntries, createKeystoreFile, inspectKeystoreFile, weakAesKeyWarnings } from "../keystore/keystore-file";
import { ALLOWED_AES_KEY_SIZES, parseAesKeySize } from "../keystore/key-size";
import { MIN_PASSWORD_LENGTH, validateKeystorePassword } from "../keystore/password";
import { ownerNote, parseOwner } from "./atomic-files";
import { UserError } from "./errors";
import { readSecret, readStdin } from "./secrets";

/**
 * --password-stdin from a pipe reads all of stdin; on a terminal it asks, without echo (the password would
 * otherwise stay on screen and in terminal scrollback). The prompt goes to stderr so stdout stays clean.
 */
export async function readPasswordFromStdin(input: NodeJS.ReadStream = process.stdin, confirm = false): Promise<string> {
  if (!input.isTTY) return readStdin(input);
  const ask = (prompt: string) => read({ prompt, silent: true, replace: "", input, output: process.stderr, terminal: true });
  const first = await ask("Keystore password: ");
  if (confirm && (await ask("Repeat the password: ")) !== first) throw new UserError("the two passwords typed on the terminal differ; nothing was written");
  return first;
}

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
    .option("--password-stdin", "read the password from stdin (asked without echo on a terminal)")
    .option("--owner <user[:group]>", "give the keystore to this user, e.g. neo4j:neo4j (needs root)")
    .option("--force", "replace an existing keystore; the old one is kept as <out>.bak-<timestamp>, since its key decrypts the stored alias credentials")
    .action(async (options: { out: string; alias: string; keySize: string; passwordEnv?: string; passwordStdin?: boolean; owner?: string; force?: boolean }) => {
      const alias = validateAlias(options.alias);
      const keySize = parseAesKeySize(options.keySize);
      const owner = options.owner === undefined ? undefined : parseOwner(options.owner);
      const secret = await readSecret(options, DEFAULT_PASSWORD_ENV, process.env, () => readPasswordFromStdin(process.stdin, true));
      const password = validateKeystorePassword(secret.value, secret.source);
      const { backup } = createKeystoreFile({ out: options.out, alias, keySize, password, force: options.force ?? false, owner });
      if (backup) {
        process.stderr.write(
          `warning: replaced the keystore ${options.out}; the old one is kept as ${backup}. Alias credentials stored with the old key cannot be decrypted with the new one: ` +
            "set them again (ALTER ALIAS ... SET DATABASE USER ... PASSWORD ...) or restore the backup. Keep the backup until then.\n",
        );
      }
      process.stdout.write(
        `wrote ${options.out} (mode 0600): AES-${keySize} secret key under alias "${alias}"\n` +
          `neo4j.conf: dbms.security.keystore.path=${path.resolve(options.out)}, dbms.security.key.name=${alias}\n` +
          ownerNote([path.resolve(options.out)], owner),
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
      const secret = await readSecret(options, DEFAULT_PASSWORD_ENV, process.env, () => readPasswordFromStdin(process.stdin));
      if (!secret.value) throw new UserError(`keystore password from ${secret.source} is empty or not set`);
      const entries = inspectKeystoreFile(file, secret.value);
      process.stdout.write(options.json ? `${JSON.stringify(entries, null, 2)}\n` : formatEntries(entries));
      for (const warning of weakAesKeyWarnings(entries)) process.stderr.write(`warning: ${warning}\n`);
    });

  return keystore;
}
