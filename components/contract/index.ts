export * from "./contract.js";
export * from "./messageSchema.js";
