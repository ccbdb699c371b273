import { s3Cases } from "./cases/s3.js";
import { runCases } from "./harness.js";

runCases(s3Cases);
