import { Testing } from "cdktf";
import "./setup-common";

// Enables the cdktf jest matchers (toHaveResource, toHaveResourceWithProperties, toBeValidTerraform...). Mutation
// runs use setup-common.ts alone: their scopes' tests use none of the matchers, and loading cdktf for every test
// file of every mutant cost a quarter of a second each.
Testing.setupJest();
