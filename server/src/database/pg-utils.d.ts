// pg ships no types for its internal utils; only prepareValue is used (inline-parameters.ts).
declare module "pg/lib/utils.js" {
  const utils: { prepareValue(value: unknown): unknown };
  export default utils;
}
