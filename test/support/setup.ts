import { Testing } from "cdktf";
import { installSecretSweep } from "./secret-sweep";
import { isolateTempDir } from "./temp-dirs";

// Enables the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform...).
Testing.setupJest();

// Every temp folder a test file makes goes into one folder that is removed after the file.
isolateTempDir();

// Every output of the file (stdout, stderr, console, child processes) is scanned for the test secrets.
installSecretSweep(expect.getState().testPath ?? "(unknown test file)");
