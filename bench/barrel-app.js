"use strict";
// The same synth as `npm run synth`, in an app that imports the provider bindings by their package root
// (`import * as aws from "@cdktf/provider-aws"`), as generated CDKTF projects often do: for comparison in
// `npm run bench` (synth-command). The package itself imports provider classes by deep path only.
require("@cdktf/provider-aws");
require("@cdktf/provider-google");
require("@cdktf/provider-azurerm");
require("../dist/main.js");
