"""Synthetic PaperCache sites of n pages for the scale benchmark, deterministic for a seed."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
VERSION = 3  # bump when the generated text changes, so run.py regenerates cached sites
LAYERS = {
    "hardware": "硬件与互联",
    "system": "系统软件与编译",
    "training": "训练",
    "inference": "推理与服务",
    "applications": "应用与治理",
}
NOTE_SECTIONS = ("背景与问题", "核心思想", "方法", "实验与结果", "局限与讨论")
CHAPTER_SECTIONS = ("问题的由来", "基本原理", "工程实现", "代价与权衡", "实践建议", "演进脉络")

SUBJECTS = (
    "这一方法", "调度器", "推理引擎", "KV 缓存管理器", "张量并行", "流水线并行", "该系统", "作者",
    "编译器", "通信库", "检查点模块", "批处理策略", "量化方案", "注意力算子", "路由网关",
    "数据管线", "评测框架", "专家并行", "显存分配器", "前缀缓存",
)  # fmt: skip
ADVERBS = (
    "在长上下文场景下", "在万卡规模上", "在相同延迟约束下", "相比连续分配", "在高并发负载中",
    "在预填充阶段", "在解码阶段", "通过异步执行", "借助重计算", "在多租户集群里",
)  # fmt: skip
VERBS = (
    "显著降低了", "进一步提高了", "重新划分了", "系统地分析了", "大幅压缩了", "隐藏了", "平衡了",
    "统一管理了", "量化评估了", "重新设计了",
)  # fmt: skip
OBJECTS = (
    "每个 token 的显存占用", "首 token 时延", "跨节点通信开销", "GPU 利用率", "尾延迟", "训练吞吐",
    "激活值的存储", "权重加载时间", "请求排队时间", "专家之间的负载", "算子启动开销",
    "数据预处理成本",
)  # fmt: skip
CLAUSES = (
    "，这与“瓶颈在显存带宽”的判断一致", "，但代价是调度逻辑更复杂", "，而且不需要修改模型结构",
    "，收益随批大小增大而增大", "，论文在多个模型规模上验证了这一点", "，同时保持了输出质量不变",
    "，这一结论在后续工作中被反复引用", "，不过在短序列负载上优势会缩小",
)  # fmt: skip
TITLE_ZH = (
    "用分页管理 KV 缓存", "面向长上下文的高效推理", "大规模训练中的容错", "通信与计算重叠",
    "专家并行的负载均衡", "低比特量化推理", "推测解码的系统实现", "检索增强生成的服务化",
    "算子自动生成", "分离式预填充与解码",
)  # fmt: skip
TAG_A = {
    "kv": "KV", "gpu": "GPU", "moe": "MoE", "rag": "检索增强", "agent": "智能体", "kernel": "算子",
    "memory": "显存", "cache": "缓存", "batch": "批处理", "serving": "服务", "training": "训练",
    "pipeline": "流水线", "tensor": "张量", "expert": "专家", "quant": "量化", "spec": "推测",
    "comm": "通信", "data": "数据", "checkpoint": "检查点", "compiler": "编译器",
}  # fmt: skip
TAG_B = {
    "scheduling": "调度", "parallelism": "并行", "compression": "压缩", "placement": "放置",
    "routing": "路由", "management": "管理", "offload": "卸载", "fusion": "融合",
    "profiling": "性能分析", "recovery": "恢复", "sharding": "分片", "eval": "评测",
}  # fmt: skip
FAMILIES = (
    "kwon", "yu", "dao", "shoeybi", "narayanan", "rajbhandari", "zheng", "agrawal", "liu", "chen",
    "wang", "zhang", "li", "huang", "sun", "zhou", "wu", "xu", "gao", "lin", "patel", "smith",
    "kim", "park", "lee", "nguyen", "garcia", "muller", "rossi", "tanaka", "sato", "ivanov",
    "cohen", "singh", "kumar", "brown", "davis", "miller", "wilson", "moore", "taylor", "anderson",
)  # fmt: skip
GIVEN = (
    "Woosuk", "Tri", "Mohammad", "Deepak", "Samyam", "Lianmin", "Amey", "Yuhan", "Wei", "Xin", "Yu",
    "Jian", "Hao", "Ming", "Alice", "Carlos", "Diana", "Eric", "Fatima", "Grace", "Hiro", "Ivan",
    "Julia", "Kai", "Lena", "Mateo", "Nina", "Omar", "Priya",
)  # fmt: skip
SHORT_A = (
    "Flash", "Paged", "Mega", "Deep", "Zero", "Spec", "Turbo", "Sky", "Hydra", "Orca", "Nova",
    "Quant", "Swift", "Tensor", "Pipe", "Shard", "Flux", "Echo", "Prism", "Vortex",
)  # fmt: skip
SHORT_B = (
    "KV", "Serve", "Attn", "Train", "Cache", "Scale", "Route", "Infer", "Comm", "Mix", "Gen",
    "Opt", "Sched", "Store", "Lens",
)  # fmt: skip
ADJ = (
    "Efficient", "Scalable", "Fast", "Memory-Efficient", "Fault-Tolerant", "Adaptive", "Elastic",
    "Disaggregated", "Low-Latency", "Cost-Effective",
)  # fmt: skip
NOUN = (
    "Memory Management", "Scheduling", "Parallelism", "Kernel Generation", "KV Cache Compression",
    "Checkpointing", "Request Routing", "Speculative Decoding", "Quantization", "Data Loading",
    "Expert Placement", "Collective Communication",
)  # fmt: skip
DOMAIN = (
    "Large Language Model Serving", "Distributed Training", "Long-Context Inference",
    "Mixture-of-Experts Models", "GPU Clusters", "Retrieval-Augmented Generation", "LLM Agents",
    "Heterogeneous Accelerators",
)  # fmt: skip
VENUES = (
    "Proceedings of the 29th Symposium on Operating Systems Principles",
    "18th USENIX Symposium on Operating Systems Design and Implementation",
    "Proceedings of Machine Learning and Systems",
    "Advances in Neural Information Processing Systems",
    "International Conference on Learning Representations",
    "Proceedings of the ACM SIGCOMM Conference",
    "Proceedings of the European Conference on Computer Systems",
    "International Conference for High Performance Computing, Networking, Storage and Analysis",
)  # fmt: skip
EN_WORDS = (
    "the", "cache", "memory", "scheduler", "reduces", "latency", "throughput", "for", "each",
    "request", "batch", "model", "layer", "token", "improves", "cluster", "kernel", "with", "and",
    "overhead", "parallel", "training", "serving", "system", "under", "load", "budget", "expert",
)  # fmt: skip
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
PUNCT = str.maketrans(
    {"，": ", ", "。": ". ", "：": ": ", "；": "; ", "、": ", ", "（": " (", "）": ") ",
     "“": '"', "”": '"', "！": "! ", "？": "? "}
)  # fmt: skip
TOKEN = re.compile(r"\x00(cite|paper|tag):([^\x00]+)\x00")


@dataclass
class Paper:
    """One fake but well-formed BibTeX entry."""

    key: str
    short: str
    title: str
    authors: list[tuple[str, str]]
    year: int
    month: int
    raw: str

    def author_year(self) -> str:
        names = [last for last, _ in self.authors]
        who = names[0] if len(names) == 1 else f"{names[0]} and {names[1]}"
        return f"{who if len(names) <= 2 else names[0] + ' et al.'}, {self.year}"


@dataclass
class Page:
    """One content page (note or chapter); text holds \\x00kind:target\\x00 reference tokens."""

    docname: str
    layer: str
    title: str
    tags: list[str]
    status: str
    blocks: list[str] = field(default_factory=list)
    paper: Paper | None = None
    card: dict = field(default_factory=dict)


def stand_in(text: str) -> str:
    """Return the English stand-in of a Chinese message: every CJK run becomes English words."""

    def words(match: re.Match) -> str:
        rng = random.Random(zlib.crc32(match.group().encode()))
        return " " + " ".join(rng.choice(EN_WORDS) for _ in range(max(1, len(match.group()) // 3)))

    out = CJK.sub(lambda m: words(m) + " ", text).translate(PUNCT)
    return re.sub(r" {2,}", " ", out).strip()


class Site:
    """The model of one synthetic site; render() turns it into files."""

    def __init__(self, n: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.papers = self._papers(round(1.5 * n))
        self.tags = self._tags(150)
        self.pages = self._pages(n)
        self.intros = {layer: self._paragraph([]) for layer in LAYERS}

    # -- model ------------------------------------------------------------------------------------
    def _papers(self, count: int) -> list[Paper]:
        rng, papers, seen = self.rng, [], set()
        while len(papers) < count:
            short = rng.choice(SHORT_A) + rng.choice(SHORT_B)
            year, family = rng.randint(2018, 2025), rng.choice(FAMILIES)
            key = f"{family}{year}{short.lower()}"
            if key in seen:
                continue
            seen.add(key)
            authors = [(family.capitalize(), rng.choice(GIVEN))]
            authors += [
                (rng.choice(FAMILIES).capitalize(), rng.choice(GIVEN))
                for _ in range(rng.randint(1, 6))
            ]
            title = f"{short}: {rng.choice(ADJ)} {rng.choice(NOUN)} for {rng.choice(DOMAIN)}"
            papers.append(Paper(key, short, title, authors, year, rng.randint(1, 12), ""))
            papers[-1].raw = self._bibtex(papers[-1], len(papers))
        return papers

    def _bibtex(self, paper: Paper, number: int) -> str:
        rng = self.rng
        author = " and ".join(f"{last}, {first}" for last, first in paper.authors)
        fields = [("title", paper.title), ("author", author)]
        kind = ("inproceedings", "article", "misc")[number % 3]
        if kind == "inproceedings":
            fields += [("booktitle", rng.choice(VENUES)), ("pages", f"{number}--{number + 14}")]
            fields += [("doi", f"10.1145/{3500000 + number}.{rng.randint(1000000, 9999999)}")]
        elif kind == "article":
            fields += [
                ("journal", "Journal of Machine Learning Systems"),
                ("volume", str(paper.year - 2017)),
            ]
            fields += [("doi", f"10.5555/jmls.{paper.year}.{number:05d}")]
        else:
            yymm = f"{paper.year % 100:02d}{paper.month:02d}"
            fields += [
                ("eprint", f"{yymm}.{number:05d}"),
                ("archiveprefix", "arXiv"),
                ("primaryclass", "cs.DC"),
            ]
        # the card's date is read from here (first public appearance), as on the real site
        fields += [("year", str(paper.year)), ("month", str(paper.month))]
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields)
        return f"@{kind}{{{paper.key},\n{body}}}\n"

    def _tags(self, count: int) -> list[tuple[str, str, str]]:
        combos = [(a, b) for a in TAG_A for b in TAG_B]
        chosen = sorted(self.rng.sample(combos, count))
        return [(f"{a}-{b}", f"{TAG_A[a]}{TAG_B[b]}", self._sentence()) for a, b in chosen]

    def _sentence(self, ref: str = "") -> str:
        rng = self.rng
        parts = [rng.choice(SUBJECTS), rng.choice(ADVERBS), rng.choice(VERBS), rng.choice(OBJECTS)]
        return "".join(parts) + rng.choice(CLAUSES) + (f" {ref}" if ref else "") + "。"

    def _paragraph(self, refs: list[str]) -> str:
        count = self.rng.randint(3, 5)
        slots = {self.rng.randrange(count): ref for ref in refs}
        return "".join(self._sentence(slots.get(i, "")) for i in range(count))

    def _pages(self, n: int) -> list[Page]:
        rng = self.rng
        n_notes = max(2, round(0.7 * n))
        kinds = ["note"] * n_notes + ["chapter"] * (n - n_notes)
        rng.shuffle(kinds)
        note_papers = iter(self.papers[:n_notes])
        note_keys = [p.key for p in self.papers[:n_notes]]
        slugs = [slug for slug, _, _ in self.tags]
        layers = list(LAYERS)
        pages = []
        for i, kind in enumerate(kinds):
            layer = layers[i % len(layers)]
            tags = rng.sample(slugs, rng.randint(2, 5))
            status = rng.choice(("draft", "review", "stable"))
            if kind == "note":
                paper = next(note_papers)
                title = f"{paper.short}：{rng.choice(TITLE_ZH)}"
                page = Page(f"{layer}/papers/{paper.key}", layer, title, tags, status, paper=paper)
                page.card = {
                    "tags": rng.sample(slugs, rng.randint(2, 4)),
                    "status": rng.choice(("read", "skimmed", "to-read")),
                    "date": f"{paper.year}-{paper.month:02d}",
                    "summary": self._paragraph([f"\x00cite:{paper.key}\x00"]),
                }
                headings = NOTE_SECTIONS
            else:
                a, b = rng.choice(list(TAG_A)), rng.choice(list(TAG_B))
                title = f"{TAG_A[a]}{TAG_B[b]}：{rng.choice(TITLE_ZH)}"
                page = Page(f"{layer}/{a}-{b}-{i:04d}", layer, title, tags, status)
                headings = tuple(rng.sample(CHAPTER_SECTIONS, 5))
            own = page.paper.key if page.paper else ""
            refs = [f"\x00cite:{k}\x00" for k in rng.sample([p.key for p in self.papers], 3)]
            refs += [f"\x00paper:{k}\x00" for k in rng.sample(note_keys, 3) if k != own]
            refs += [f"\x00tag:{rng.choice(slugs)}\x00"]
            rng.shuffle(refs)
            page.blocks.append(self._paragraph(refs[:1]))
            for s, heading in enumerate(headings):
                page.blocks.append(f"## {heading}")
                for p in range(3):
                    page.blocks.append(self._paragraph(refs[1 + 3 * s + p : 2 + 3 * s + p]))
                if s == 1:
                    page.blocks.append(self._table())
                if s == 2:
                    page.blocks.append(self._code(i))
            pages.append(page)
        return pages

    def _table(self) -> str:
        rng = self.rng
        rows = ["| 方案 | 主要开销 | 适用场景 |", "|---|---|---|"]
        for _ in range(4):
            rows.append(
                f"| {rng.choice(SUBJECTS)} | {rng.choice(OBJECTS)} | {rng.choice(ADVERBS)} |"
            )
        return "\n".join(rows)

    def _code(self, i: int) -> str:
        budget, block = self.rng.choice((2048, 4096, 8192)), self.rng.choice((16, 32))
        return (
            "```python\n"
            f"def schedule_{i}(requests, budget={budget}, block={block}):\n"
            "    batch, used = [], 0\n"
            "    for req in sorted(requests, key=lambda r: r.arrival):\n"
            "        need = -(-req.tokens // block) * block\n"
            "        if used + need > budget:\n"
            "            break\n"
            "        batch.append(req)\n"
            "        used += need\n"
            "    return batch\n"
            "```"
        )

    # -- rendering --------------------------------------------------------------------------------
    def ref(self, kind: str, target: str, baseline: bool) -> str:
        if not baseline or kind == "cite":
            return f"{{{kind}}}`{target}`"
        if kind == "paper":
            paper = self.by_key[target]
            return f"{paper.short} ({paper.author_year()})"
        return dict((slug, label) for slug, label, _ in self.tags)[target]

    @property
    def by_key(self) -> dict[str, Paper]:
        return {p.key: p for p in self.papers}

    def text(self, block: str, baseline: bool) -> str:
        return TOKEN.sub(lambda m: self.ref(m[1], m[2], baseline), block)

    def page_md(self, page: Page, baseline: bool) -> str:
        out = ["---", f"tags: [{', '.join(page.tags)}]", f"status: {page.status}", "---", "",
               f"# {page.title}", ""]  # fmt: skip
        if page.paper is not None:
            out += [self.card_md(page, baseline), ""]
        out += [self.text(block, baseline) + "\n" for block in page.blocks]
        out += ["## 参考文献", "", "```{bibliography}", ":filter: docname in docnames",
                ":list: bullet", "```", ""]  # fmt: skip
        return "\n".join(out)

    def card_md(self, page: Page, baseline: bool) -> str:
        paper, card = page.paper, page.card
        summary = self.text(card["summary"], baseline)
        if baseline:
            authors = ", ".join(f"{first} {last}" for last, first in paper.authors)
            return f"> **{paper.title}**  \n> {authors}, {paper.year}\n>\n> {summary}"
        return "\n".join(
            [f"```{{paper}} {paper.key}", f":tags: {', '.join(card['tags'])}",
             f":code: https://github.com/example/{paper.short.lower()}",
             f":status: {card['status']}", "", summary, "```"]
        )  # fmt: skip

    def layer_md(self, layer: str, baseline: bool) -> str:
        pages = [p for p in self.pages if p.layer == layer]
        chapters = [p.docname.split("/", 1)[1] for p in pages if p.paper is None]
        notes = [p.docname.split("/", 1)[1] for p in pages if p.paper is not None]
        intro = self.intros[layer]
        out = ["---", f"tags: [{self.tags[0][0]}]", "status: review", "---", "",
               f"# {LAYERS[layer]}", "", intro, ""]  # fmt: skip
        for caption, docs in (("章节", chapters), ("论文笔记", notes)):
            out += ["```{toctree}", f":caption: {caption}", ":maxdepth: 1", "", *docs, "```", ""]
        out += ["## 本层论文", ""]
        if baseline:
            out += [f"- {{doc}}`{doc}`" for doc in notes] + [""]
        else:
            out += ["```{paperlist}", f":layer: {layer}", ":group-by: year", ":style: compact",
                    "```", ""]  # fmt: skip
        return "\n".join(out)

    def tags_md(self, baseline: bool) -> str:
        out = [
            "# 标签",
            "",
            "本页是标签词表：每个标签的 slug、名称和一句话说明都只在这里定义一次。",
            "",
        ]
        for i, (slug, label, description) in enumerate(self.tags):
            if i % 15 == 0:
                out += [f"## 标签组 {i // 15 + 1}", ""]
            if baseline:
                out += [f"**{label}** `{slug}`：{description}", ""]
            else:
                out += [f"```{{tagdef}} {slug}", label, "", description, "```", ""]
        return "\n".join(out)

    def papers_md(self, baseline: bool) -> str:
        out = ["# 论文（按日期）", "", "本站收录的全部论文，按收录月份从新到旧排列。", ""]
        if not baseline:
            return "\n".join(
                [*out, "```{paperlist}", ":group-by: month", ":style: compact", "```", ""]
            )
        notes = sorted(
            (p for p in self.pages if p.paper),
            key=lambda p: (-p.paper.year, -p.paper.month, p.docname),
        )
        return "\n".join(
            [*out, *(f"- {{doc}}`/{p.docname}`（{p.card['date']}）" for p in notes), ""]
        )

    def index_md(self) -> str:
        layers = "\n".join(f"{layer}/index" for layer in LAYERS)
        return (
            "---\nstatus: review\n---\n\n# PaperCache\n\n"
            "PaperCache 是一份面向工程师的大模型基础设施知识库（基准测试用的合成站点）。\n\n"
            f"```{{toctree}}\n:caption: 五层技术栈\n:maxdepth: 2\n\n{layers}\n```\n\n"
            "```{toctree}\n:caption: 索引\n:maxdepth: 1\n\npapers\ntags/index\nbibliography\n```\n"
        )


BIBLIOGRAPHY = "# 参考文献\n\n全站引用过的所有文献。\n\n```{bibliography}\n:all:\n```\n"
CONF_BASELINE = '''\
"""Synthetic PaperCache for the scale benchmark (written by bench/generate.py; do not edit)."""

import sys

sys.path.insert(0, {exts!r})

project = "PaperCache"
author = "PaperCache contributors"
copyright = "2026, PaperCache contributors"
language = "zh_CN"
locale_dirs = ["../locales/"]
gettext_compact = False
gettext_uuid = False
gettext_location = False
gettext_allow_fuzzy_translations = False
extensions = ["myst_parser", "sphinx_design", "sphinxcontrib.bibtex"]
source_suffix = {{".md": "markdown"}}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["dollarmath", "colon_fence", "deflist", "attrs_inline"]
myst_heading_anchors = 3
nitpicky = True
bibtex_bibfiles = ["../references.bib"]
bibtex_default_style = "plain"
bibtex_reference_style = "author_year"
suppress_warnings = ["bibtex.key_not_found"]
html_search_options = {{"dict": {jieba!r}}}
html_theme = "sphinx_book_theme"
html_title = "PaperCache"
html_last_updated_fmt = None
html_copy_source = False
html_show_sourcelink = False
html_static_path: list[str] = []
'''
# "Ours" is the real docs/conf.py, loaded at build time, so the benchmark cannot drift from it
# (paths in it are relative to the conf dir or absolute, and the generated site has the same shape).
CONF_REAL = '''\
"""Synthetic PaperCache for the benchmark: the real docs/conf.py (by bench/generate.py)."""

import runpy
import types

_real = runpy.run_path({conf!r})
globals().update(
    {{k: v for k, v in _real.items() if k[0] != "_" and not isinstance(v, types.ModuleType)}}
)
'''


def generate(dest: Path, n: int, seed: int = 0, baseline: bool = False) -> dict:
    """Write a synthetic site of n content pages to *dest* (docs/, locales/, references.bib)."""
    dest, site = Path(dest).resolve(), Site(n, seed)
    shutil.rmtree(dest, ignore_errors=True)
    docs = dest / "docs"
    files = {
        "index.md": site.index_md(),
        "tags/index.md": site.tags_md(baseline),
        "papers.md": site.papers_md(baseline),
        "bibliography.md": BIBLIOGRAPHY,
    }
    files |= {f"{layer}/index.md": site.layer_md(layer, baseline) for layer in LAYERS}
    files |= {f"{p.docname}.md": site.page_md(p, baseline) for p in site.pages}
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (dest / "references.bib").write_text("\n".join(p.raw for p in site.papers), encoding="utf-8")
    if baseline:
        conf = CONF_BASELINE.format(
            exts=str(ROOT / "exts"), jieba=str(ROOT / "docs" / "_data" / "jieba_userdict.txt")
        )
    else:
        conf = CONF_REAL.format(conf=str(ROOT / "docs" / "conf.py"))
    (docs / "conf.py").write_text(conf, encoding="utf-8")
    translate(dest, baseline)
    manifest = {
        "version": VERSION, "n": n, "seed": seed, "baseline": baseline,
        "sources": len(files),
        "notes": {p.docname: p.paper.key for p in site.pages if p.paper},
        "chapters": [p.docname for p in site.pages if p.paper is None],
        "tags": [slug for slug, _, _ in site.tags],
        "titles": {p.docname: p.title for p in site.pages},
    }  # fmt: skip
    (dest / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def translate(dest: Path, baseline: bool) -> None:
    """Extract messages with Sphinx's gettext builder and fill every msgstr with a stand-in."""
    pot_dir, messages = dest / "_gettext", dest / "locales" / "en" / "LC_MESSAGES"
    cmd = [sys.executable, "-m", "sphinx", "-b", "gettext", "-q", "-E", "-j", "auto",
           "-d", str(dest / "_gettext_doctrees"), str(dest / "docs"), str(pot_dir)]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=dest)
    for pot in sorted(pot_dir.rglob("*.pot")):
        rel = pot.relative_to(pot_dir).with_suffix(".po")
        if rel.name == "papercache.po":
            continue  # the extension's own labels: use the real translation below
        with open(pot, "rb") as fh:
            catalog = read_po(fh, locale="en")
        for message in catalog:
            if message.id:
                message.string = stand_in(message.id)
        _write_catalog(catalog, messages / rel)
    if not baseline:
        with open(ROOT / "locales" / "en" / "LC_MESSAGES" / "papercache.po", "rb") as fh:
            _write_catalog(read_po(fh, locale="en"), messages / "papercache.po")
    shutil.rmtree(pot_dir)
    shutil.rmtree(dest / "_gettext_doctrees")


def _write_catalog(catalog, po: Path) -> None:
    """Write *po* and its .mo (newer than the .po, so Sphinx does not recompile it per build)."""
    po.parent.mkdir(parents=True, exist_ok=True)
    with open(po, "wb") as fh:
        write_po(fh, catalog, width=0)
    with open(po.with_suffix(".mo"), "wb") as fh:
        write_mo(fh, catalog)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    out = ROOT / "_build" / "bench" / f"site-{size}"
    print(generate(out, size, baseline="--baseline" in sys.argv)["sources"], "sources in", out)
