import { installSecretSweep } from "./secret-sweep";
import { isolateTempDir } from "./temp-dirs";

// Every temp folder a test file makes goes into one folder that is removed after the file.
isolateTempDir();

// Every output of the file (stdout, stderr, console, child processes) is scanned for the test secrets.
installSecretSweep(expect.getState().testPath ?? "(unknown test file)");
