import { governanceCases } from "./cases/governance.js";
import { runCases } from "./harness.js";

runCases(governanceCases);
