import { kafkaCases } from "./cases/kafka.js";
import { runCases } from "./harness.js";

runCases(kafkaCases);
