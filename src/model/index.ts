export * from "./schema.js";
export * from "./tables.js";
