import { meshCases } from "./cases/mesh.js";
import { runCases } from "./harness.js";

runCases(meshCases);
