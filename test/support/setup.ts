import { Testing } from "cdktf";
import { isolateTempDir } from "./temp-dirs";

// Enables the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform...).
Testing.setupJest();

// Every temp folder a test file makes goes into one folder that is removed after the file.
isolateTempDir();
