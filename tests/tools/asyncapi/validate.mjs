// Validate an AsyncAPI document with the official parser (@asyncapi/parser): schema and lint rules.
// Usage: node validate.mjs <document.json>. Prints {"diagnostics": [{code, message, path, severity}]}
// as JSON (severity 0 error, 1 warning, 2 information, 3 hint) and exits 0; exits 2 when it cannot run.
import { readFileSync } from "node:fs";
import parser from "@asyncapi/parser";

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node validate.mjs <document.json>");
  process.exit(2);
}
const { diagnostics } = await new parser.Parser().parse(readFileSync(file, "utf8"));
const found = diagnostics.map(({ code, message, path, severity }) => ({ code, message, path, severity }));
console.log(JSON.stringify({ diagnostics: found }));
