export * from "./contract.js";
export * from "./diff.js";
export * from "./lock.js";
export * from "./messageSchema.js";
export * from "./odcs/index.js";
export * from "./review.js";
export * from "./version.js";
