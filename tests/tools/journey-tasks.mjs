// Prints what Mermaid's journey parser read from one file: its title, sections and tasks.
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
const diagram = await mermaid.mermaidAPI.getDiagramFromText(readFileSync(process.argv[2], "utf8"));
const db = diagram.db;
console.log(JSON.stringify({
  title: db.getDiagramTitle() || "",
  sections: db.getSections(),
  tasks: db.getTasks().map((task) => task.task),
}));
