// Runs inside the page (headless Chromium) after layout: measures every text of the journey map
// as the browser set it, and writes what it found as JSON into a pre element at the end.
(function () {
  const tolerance = 0.75;
  const cjk = /[\u3400-\u9fff\uf900-\ufaff]/g;
  const problems = [];
  const spans = [];
  let cjkSpans = 0;
  const texts = Array.from(document.querySelectorAll("svg text[data-box]"));
  for (const text of texts) {
    const box = document.getElementById(text.dataset.box);
    if (!box) {
      problems.push("no box " + text.dataset.box);
      continue;
    }
    const outer = box.getBoundingClientRect();
    const size = parseFloat(text.getAttribute("font-size"));
    const scale = text.getScreenCTM().a;
    for (const span of text.querySelectorAll("tspan")) {
      const r = span.getBoundingClientRect();
      const content = span.textContent;
      if (r.width <= 0 || r.height <= 0) problems.push("empty box: " + content);
      if (
        r.left < outer.left - tolerance ||
        r.right > outer.right + tolerance ||
        r.top < outer.top - tolerance ||
        r.bottom > outer.bottom + tolerance
      ) {
        problems.push(
          "leaves " + text.dataset.box + ": " + content +
            " [" + [r.left, r.top, r.right, r.bottom].map(Math.round) + "] in [" +
            [outer.left, outer.top, outer.right, outer.bottom].map(Math.round) + "]"
        );
      }
      const wide = (content.match(cjk) || []).length;
      if (wide) {
        cjkSpans += 1;
        if (span.getComputedTextLength() * scale < wide * size * scale * 0.9) {
          problems.push("CJK glyphs without width: " + content);
        }
      }
      spans.push({ r: r, content: content });
    }
  }
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i].r;
      const b = spans[j].r;
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const dy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (dx > tolerance && dy > tolerance) {
        problems.push("overlap: " + spans[i].content + " | " + spans[j].content);
      }
    }
  }
  const probe = document.createElementNS("http://www.w3.org/2000/svg", "text");
  probe.textContent = "中文测试";
  probe.setAttribute("font-size", "100");
  const svg = document.querySelector("svg");
  probe.setAttribute("font-family", svg.getAttribute("font-family"));
  svg.appendChild(probe);
  const probeWidth = probe.getComputedTextLength();
  svg.removeChild(probe);
  const out = document.createElement("pre");
  out.id = "map-check";
  out.textContent = JSON.stringify({
    texts: texts.length,
    spans: spans.length,
    cjkSpans: cjkSpans,
    probeWidth: probeWidth,
    problems: problems,
  });
  document.body.appendChild(out);
})();
