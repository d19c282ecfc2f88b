"""Headless Chromium for the journey map: render a page, let a script in it measure every text
as the browser set it, read the result back. CI installs Chromium and a CJK font from Debian
(see .ci/run); without them these tests skip, unless SSVSSJ_REQUIRE_VALIDATORS is set."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from tests.validators import TOOLS, _missing

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHECK_SCRIPT = TOOLS / "check-map.js"


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            break
    else:
        _missing("Chromium is not installed: apt-get install chromium fonts-noto-cjk")
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    if "Noto Sans CJK" not in fonts.stdout:
        _missing("no CJK font: apt-get install fonts-noto-cjk")
    return found


def _run(url: str, *extra: str) -> str:
    with tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [chromium(), *FLAGS, f"--user-data-dir={profile}", *extra, url],
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def measure_page(page: Path) -> dict[str, Any]:
    """Load `page` (an HTML file) with the measuring script appended; return its findings."""
    source = page.read_text(encoding="utf-8")
    script = f"<script>{CHECK_SCRIPT.read_text(encoding='utf-8')}</script>"
    probe = page.with_name(page.stem + ".measured.html")
    probe.write_text(source.replace("</body>", script + "</body>"), encoding="utf-8")
    dom = _run(probe.as_uri(), "--dump-dom", "--virtual-time-budget=5000")
    found = re.search(r'<pre id="map-check">(.*?)</pre>', dom, re.S)
    assert found, dom[-2000:]
    return json.loads(html.unescape(found.group(1)))


def measure_svg(svg: Path) -> dict[str, Any]:
    """The SVG's own markup inlined into a bare page, then measured."""
    markup = svg.read_text(encoding="utf-8").split("?>", 1)[-1]
    page = svg.with_suffix(".html")
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head>'
        f'<body style="margin:0">{markup}</body></html>',
        encoding="utf-8",
    )
    return measure_page(page)


def screenshot(target: Path, png: Path, width: int, height: int) -> None:
    _run(
        target.as_uri(),
        f"--screenshot={png}",
        f"--window-size={width},{height}",
        "--hide-scrollbars",
        "--virtual-time-budget=5000",
    )
