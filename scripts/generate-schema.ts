// Writes schema/domain.schema.json from the zod schema, the single source of truth.
import { writeFileSync } from "node:fs";
import { domainJsonSchema } from "../components/declaration/jsonSchema.js";

const target = new URL("../schema/domain.schema.json", import.meta.url);
writeFileSync(target, `${JSON.stringify(domainJsonSchema(), null, 2)}\n`);
process.stdout.write(`wrote ${target.pathname}\n`);
