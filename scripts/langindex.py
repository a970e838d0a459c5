"""Write _build/html/index.html: links to both languages, and picks one by browser language."""

from __future__ import annotations

import sys
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PaperCache</title>
<script>
  // Chinese readers get the source; everyone else the English translation.
  var lang = (navigator.languages && navigator.languages[0]) || navigator.language || "";
  location.replace(/^zh\\b/i.test(lang) ? "zh_CN/index.html" : "en/index.html");
</script>
</head>
<body>
<h1>PaperCache</h1>
<ul>
  <li><a href="zh_CN/index.html" hreflang="zh-CN" lang="zh-CN">中文</a></li>
  <li><a href="en/index.html" hreflang="en" lang="en">English</a></li>
</ul>
</body>
</html>
"""


def main(argv: list[str]) -> int:
    out = Path(argv[1] if len(argv) > 1 else "_build/html")
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text(PAGE, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
