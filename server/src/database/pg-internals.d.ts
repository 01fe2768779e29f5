// pg ships no types for its internal modules; statement-batch.ts uses these two, as pg's own Query does.
declare module "pg/lib/utils.js" {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}

declare module "pg/lib/result.js" {
  import type { CustomTypesConfig } from "pg";
  export default class Result {
    constructor(rowMode?: "array", types?: CustomTypesConfig);
  }
}
