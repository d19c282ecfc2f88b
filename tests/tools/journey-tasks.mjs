// Prints what Mermaid's journey parser read from one file: its title, sections and tasks.
import { readFileSync } from "node:fs";
import mermaid from "./mermaid-in-node.mjs";

const diagram = await mermaid.mermaidAPI.getDiagramFromText(readFileSync(process.argv[2], "utf8"));
const db = diagram.db;
console.log(JSON.stringify({
  title: db.getDiagramTitle() || "",
  sections: db.getSections(),
  tasks: db.getTasks().map((task) => task.task),
}));
