/**
 * Every test process loads @pulumi/pulumi as the CLI and its plan workers load it (cli/run.ts,
 * cli/plan/planWorker.ts): without its closure serializer, which brings the TypeScript compiler
 * and npm's tooling with it (some 0.5 s of each test file's imports, for code no test plan runs).
 * A test that does serialize a function gets the SDK's own result (sdk/deferClosure.ts;
 * test/sdk/deferClosure.test.ts holds both, in fresh processes). Run before each test file.
 */
import { deferClosureSerialization } from "../../sdk/deferClosure.js";

deferClosureSerialization();
