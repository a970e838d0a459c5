"""Math as MathML rendered at build time: no script fetched from elsewhere when a page is viewed."""

from __future__ import annotations

from docutils import nodes
from docutils.utils.math.latex2mathml import tex2mathml
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from .options import warn


def _mathml(self: HTML5Translator, node: nodes.Element, block: bool) -> str:
    latex = node.astext()
    try:
        return tex2mathml(latex, as_block=block)
    except SyntaxError as exc:
        warn(f"cannot render math {latex!r} as MathML: {exc}; simplify the LaTeX", node, "math")
        return f'<code class="pc-math-fallback">{self.encode(latex)}</code>'


def visit_inline(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(f'<span class="math notranslate">{_mathml(self, node, False)}</span>')
    raise nodes.SkipNode


def visit_block(self: HTML5Translator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    self.body.append(_mathml(self, node, True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def setup_mathml(app: Sphinx) -> None:
    app.add_html_math_renderer("mathml", (visit_inline, None), (visit_block, None))
