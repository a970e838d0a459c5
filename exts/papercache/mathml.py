"""Math as MathML rendered at build time: no script fetched from elsewhere when a page is viewed."""

from __future__ import annotations

import re

from docutils import nodes
from docutils.utils.math import MathError
from docutils.utils.math.latex2mathml import tex2mathml
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from .options import warn

# docutils' converter lacks a few common commands: delimiter sizing (dropped: MathML stretches
# delimiters itself) and \dots (the same glyph as \ldots).
SIZING = re.compile(r"\\[Bb]igg?[lrm]?(?![A-Za-z])")
DOTS = re.compile(r"\\dots(?![A-Za-z])")


def _mathml(self: HTML5Translator, node: nodes.Element, block: bool) -> str:
    latex = node.astext()
    try:
        return tex2mathml(DOTS.sub(r"\\ldots", SIZING.sub("", latex)), as_block=block)
    except (MathError, SyntaxError, ValueError) as exc:
        reason = str(exc).rstrip(".")
        warn(f'cannot render math "{latex}" as MathML ({reason}); simplify the LaTeX', node, "math")
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
