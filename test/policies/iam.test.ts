import { iamCases } from "./cases/iam.js";
import { runCases } from "./harness.js";

runCases(iamCases);
