// Brings the global jest matcher types that Testing.setupJest() installs (toHaveResource...) into tsc's view.
import "cdktf/lib/testing/adapters/jest";
