import { Testing } from "cdktf";

// Enables the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform...).
Testing.setupJest();
