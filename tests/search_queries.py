"""The search query set: what a reader types, and the pages they mean (any of them counts).

Used by tests/test_search.py (relevance targets) and `python -m bench.search` (the figures).
Paths are relative to a language's root. Titles, paper short names and domain terms, in both
scripts; the Chinese set includes the jieba dictionary's compound terms as whole-word queries.
"""

from __future__ import annotations

PARALLELISM = "training/parallelism.html"
SPECULATIVE = ("inference/speculative-decoding.html", "inference/papers/leviathan2023fast.html")
FUNDAMENTALS = "inference/fundamentals.html"
PAGED = ("inference/papers/kwon2023pagedattention.html", "inference/vllm-pagedattention.html")
KV = (FUNDAMENTALS, *PAGED)
DISAGG = ("inference/papers/zhong2024distserve.html", "inference/papers/patel2024splitwise.html")
SEQUENCE = (
    "training/papers/jacobs2023deepspeed.html",
    "training/papers/liu2023ring.html",
    "training/long-context.html",
)
MOE = "training/moe-training.html"
CHECKPOINTING = "training/checkpointing.html"

# (query, expected pages) pairs; the same intents in both languages, phrased as a reader would.
_SHARED: list[tuple[str, str, tuple[str, ...]]] = [
    ("张量并行", "tensor parallelism", (PARALLELISM,)),
    ("流水线并行", "pipeline parallelism", (PARALLELISM,)),
    ("推测解码", "speculative decoding", SPECULATIVE),
    ("预填充", "prefill", (FUNDAMENTALS,)),
    ("KV 缓存", "KV cache", KV),
    ("MoE", "MoE", (MOE,)),
    ("NCCL", "NCCL", ("system/papers/hu2025demystifying.html",)),
    ("PagedAttention", "PagedAttention", PAGED),
    ("预填充 解码 分离", "prefill decode disaggregation", DISAGG),
    ("FlashAttention", "FlashAttention", ("system/papers/dao2022flashattention.html",)),
    ("量化", "quantization", ("inference/quantization.html",)),
    ("分块预填充", "chunked prefill", ("inference/papers/agrawal2023sarathi.html",)),
    ("连续批处理", "continuous batching", ("inference/papers/yu2022orca.html", FUNDAMENTALS)),
    ("vLLM 显存", "vLLM memory", PAGED),
    ("数据并行 冗余显存", "redundant memory data parallelism",
     ("training/papers/rajbhandari2020zero.html",)),
    ("ZeRO", "ZeRO", ("training/papers/rajbhandari2020zero.html",)),
    ("FSDP", "FSDP", ("training/papers/zhao2023pytorch.html",)),
    ("序列并行", "sequence parallelism", SEQUENCE),
    ("Ring Attention", "Ring Attention", ("training/papers/liu2023ring.html",)),
    ("检查点", "checkpointing", (CHECKPOINTING,)),
    ("容错", "fault tolerance", (CHECKPOINTING, "training/papers/jiang2024megascale.html")),
    ("向量数据库", "vector databases", ("applications/vector-databases.html",)),
    ("智能体框架", "agent frameworks", ("applications/agents.html",)),
    ("函数调用", "function calling", ("applications/function-calling.html",)),
    ("可观测性", "observability", ("applications/observability.html",)),
    ("RAG 工程", "RAG engineering", ("applications/rag.html",)),
    ("LLM 网关", "LLM gateway", ("inference/gateways.html",)),
    ("GPU 架构", "GPU architecture", ("hardware/gpu-architecture.html",)),
    ("NVLink", "NVLink", ("hardware/interconnect.html",)),
    ("RoCE", "RoCE", ("hardware/papers/gangidi2024rdma.html",)),
    ("TPU", "TPU", ("hardware/papers/jouppi2023tpu.html",)),
    ("Triton", "Triton", ("system/papers/tillet2019triton.html", "system/cuda-stack.html")),
    ("torch.compile", "torch.compile", ("system/papers/ansel2024pytorch.html",)),
    ("GRPO", "GRPO",
     ("training/papers/shao2024deepseekmath.html", "training/alignment-rl.html")),
    ("RLHF 框架", "RLHF framework", ("training/papers/sheng2025hybridflow.html",)),
    ("推理引擎对比", "inference engines compared", ("inference/engines.html",)),
    ("SGLang", "SGLang", ("inference/papers/zheng2024sglang.html",)),
    ("专家并行", "expert parallelism", (MOE, "inference/papers/zhu2025megascaleinfer.html")),
    ("多头潜在注意力", "multi-head latent attention",
     ("inference/papers/deepseekai2024deepseekv2.html",)),
    ("FP8", "FP8", ("training/papers/micikevicius2022fp8.html",)),
    ("流水线气泡", "pipeline bubbles", ("training/papers/qi2024zerobubble.html",)),
    ("请求热迁移", "live request migration", ("inference/papers/sun2024llumnix.html",)),
    ("长上下文", "long context", ("training/long-context.html",)),
    ("预训练数据流水线", "pretraining data pipeline", ("training/data-pipeline.html",)),
    ("成本 安全 合规", "cost security compliance", ("applications/cost-security.html",)),
    ("Medusa", "Medusa", ("inference/papers/cai2024medusa.html",)),
    ("SageAttention", "SageAttention", ("system/papers/zhang2025sageattention.html",)),
    ("光路交换机", "optical circuit switches", ("hardware/papers/jouppi2023tpu.html",)),
    ("Megatron-LM", "Megatron-LM", ("training/papers/shoeybi2019megatron.html",)),
    ("DeepSeek-V3 训练", "DeepSeek-V3 training",
     ("training/papers/deepseekai2024deepseekv3.html",)),
]  # fmt: skip

QUERIES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "zh_CN": [(zh, pages) for zh, _en, pages in _SHARED],
    "en": [(en, pages) for _zh, en, pages in _SHARED],
}

# Domain terms of docs/_data/jieba_userdict.txt that must match as whole words.
WHOLE_WORDS = {"张量并行": PARALLELISM, "流水线并行": PARALLELISM, "推测解码": SPECULATIVE[0]}
