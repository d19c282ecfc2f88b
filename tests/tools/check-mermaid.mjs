import { readFileSync } from "node:fs";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body></body></html>", { pretendToBeVisual: true });
for (const key of ["window", "document", "navigator", "Element", "HTMLElement", "SVGElement", "DOMParser", "MutationObserver"]) {
  if (dom.window[key] !== undefined && globalThis[key] === undefined) {
    Object.defineProperty(globalThis, key, { value: key === "window" ? dom.window : dom.window[key], configurable: true, writable: true });
  }
}
const { default: mermaid } = await import("mermaid");
mermaid.initialize({ startOnLoad: false });
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
