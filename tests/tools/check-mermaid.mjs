import { readFileSync } from "node:fs";
import mermaid from "./mermaid-in-node.mjs";

let failed = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, "utf8");
  try {
    const result = await mermaid.parse(text);
    console.log(`ok ${file} (${result.diagramType})`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${file}: ${String(error.message ?? error).split("\n").slice(0, 4).join(" | ")}`);
  }
}
process.exit(failed ? 1 : 0);
