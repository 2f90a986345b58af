"""Read a GGUF file's header without llama.cpp, and say in plain words what is wrong with it."""

from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from tutor_app.engine.architectures import SUPPORTED_ARCHITECTURES
from tutor_app.engine.catalogue import RUNTIME_OVERHEAD_BYTES, kv_cache_bytes
from tutor_app.errors import ModelFileError, NotEnoughMemoryError

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)  # llama.cpp rejects version 1 and anything newer than 3
DEFAULT_ALIGNMENT = 32

# ggml type id -> (elements per block, bytes per block), from GGML_QUANT_SIZES in
# gguf-py/gguf/constants.py of the llama.cpp vendored by llama-cpp-python 0.3.36.
GGML_BLOCK_SIZES: dict[int, tuple[int, int]] = {
    0: (1, 4), 1: (1, 2), 2: (32, 18), 3: (32, 20), 6: (32, 22), 7: (32, 24),  # F32 F16 Q4_0..Q5_1
    8: (32, 34), 9: (32, 36), 10: (256, 84), 11: (256, 110), 12: (256, 144),  # Q8_0 Q8_1 Q2_K..Q4_K
    13: (256, 176), 14: (256, 210), 15: (256, 292), 16: (256, 66), 17: (256, 74),  # Q5_K..IQ2_XS
    18: (256, 98), 19: (256, 50), 20: (32, 18), 21: (256, 110), 22: (256, 82),  # IQ3_XXS..IQ2_S
    23: (256, 136), 24: (1, 1), 25: (1, 2), 26: (1, 4), 27: (1, 8), 28: (1, 8),  # IQ4_XS I8..F64
    29: (256, 56), 30: (1, 2), 34: (256, 54), 35: (256, 66), 39: (32, 17),  # IQ1_M BF16 TQ MXFP4
    40: (64, 36), 41: (128, 18), 42: (64, 18),  # NVFP4 Q1_0 Q2_0
}  # fmt: skip

# GGUF metadata value types -> struct format; 8 is a string and 9 an array.
_SCALARS = {
    0: "<B", 1: "<b", 2: "<H", 3: "<h", 4: "<I", 5: "<i", 6: "<f", 7: "<?",
    10: "<Q", 11: "<q", 12: "<d",
}  # fmt: skip
_STRING, _ARRAY = 8, 9
_TOKENS_KEY = "tokenizer.ggml.tokens"

Scalar = int | float | bool | str


@dataclass(frozen=True)
class GgufInfo:
    """What the header of a GGUF model file says, read without loading any weights."""

    path: Path
    version: int
    architecture: str
    name: str | None
    context_length: int | None
    block_count: int | None
    embedding_length: int | None
    head_count: int | None
    head_count_kv: int | None
    chat_template: str | None
    bos_token: str | None
    eos_token: str | None
    file_size: int
    tensor_count: int
    data_offset: int
    expected_min_size: int | None  # None when a tensor has a ggml type this module does not know
    metadata: dict[str, Scalar]  # the scalar and string values; arrays are left out


class _CutShort(Exception):
    """The header ends before a value it announced."""


class _Reader:
    """Little-endian reads from a memory map that fail cleanly at the end of the file."""

    def __init__(self, data: mmap.mmap) -> None:
        self.data, self.pos = data, 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise _CutShort
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def scalar(self, fmt: str) -> int | float | bool:
        value: int | float | bool = struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]
        return value

    def u32(self) -> int:
        return int(self.scalar("<I"))

    def u64(self) -> int:
        return int(self.scalar("<Q"))

    def string(self) -> str:
        return self.take(self.u64()).decode("utf-8", errors="replace")

    def skip_value(self, vtype: int) -> None:
        if vtype == _STRING:
            self.take(self.u64())
        elif vtype == _ARRAY:
            item_type, count = self.u32(), self.u64()
            if item_type in _SCALARS:
                self.take(count * struct.calcsize(_SCALARS[item_type]))
            else:
                for _ in range(count):
                    self.skip_value(item_type)
        elif vtype in _SCALARS:
            self.take(struct.calcsize(_SCALARS[vtype]))
        else:
            raise _CutShort  # an unknown type code: the bytes are not a GGUF header any more


def _describe_non_gguf(head: bytes) -> str:
    if len(head) < 4 and GGUF_MAGIC.startswith(head):
        return "ends inside its header: the download was probably interrupted; download it again"
    if head.startswith((b"lmgg", b"fmgg", b"tjgg", b"ggml", b"ggmf", b"ggjt")):
        return "uses the old GGML format that llama.cpp no longer reads; download a GGUF version"
    if head.lstrip().lower().startswith((b"<!doctype", b"<html", b"<?xml")):
        return "is a web page, not a model (the download link probably returned an error page)"
    if head.startswith(b"version https://git-lfs"):
        return "is a Git LFS pointer, not the model itself; download the real file"
    if head.startswith(b"PK"):
        return "is a zip archive; unzip it first or download the .gguf file itself"
    if len(head) >= 10 and head[8:10] == b'{"':
        return "is a safetensors file; the tutor needs the GGUF version of the model"
    if head and all(32 <= b < 127 or b in b"\t\r\n" for b in head):
        return "is a text file, not a GGUF model"
    return "is not a GGUF model file"


def _open_checks(path: Path) -> int:
    if not path.exists():
        raise ModelFileError(f"Model file not found: {path}. Check the path or download the model.")
    if path.is_dir():
        raise ModelFileError(f"{path} is a folder, not a model file; choose the .gguf file in it.")
    size = path.stat().st_size
    if size == 0:
        raise ModelFileError(
            f"{path.name} is empty (0 bytes): the download failed; download again."
        )
    return size


def _read_kv(reader: _Reader, count: int) -> tuple[dict[str, Scalar], tuple[int, int] | None]:
    values: dict[str, Scalar] = {}
    tokens_at: tuple[int, int] | None = None
    for _ in range(count):
        key, vtype = reader.string(), reader.u32()
        if vtype == _STRING:
            values[key] = reader.string()
        elif vtype in _SCALARS:
            values[key] = reader.scalar(_SCALARS[vtype])
        elif key == _TOKENS_KEY and vtype == _ARRAY:
            _item_type, n = reader.u32(), reader.u64()
            tokens_at = (reader.pos, n)
            reader.pos -= 12  # rewind over the array header and skip the array as a whole
            reader.skip_value(vtype)
        else:
            reader.skip_value(vtype)
    return values, tokens_at


def _token_text(
    reader: _Reader, tokens_at: tuple[int, int] | None, token_id: Scalar | None
) -> str | None:
    if tokens_at is None or not isinstance(token_id, int) or not 0 <= token_id < tokens_at[1]:
        return None
    reader.pos = tokens_at[0]
    for _ in range(token_id):
        reader.take(reader.u64())
    return reader.string()


def _align(pos: int, alignment: Scalar | None) -> int:
    align = DEFAULT_ALIGNMENT
    if isinstance(alignment, int) and not isinstance(alignment, bool) and alignment > 0:
        align = alignment
    return -(-pos // align) * align


def _version_problem(name: str, version: int) -> str:
    if version & 0xFFFF == 0:
        return f"{name} is a big-endian GGUF, which this computer cannot read."
    return (
        f"{name} is GGUF version {version}, which the installed llama.cpp cannot read "
        "(it reads versions 2 and 3); download a current GGUF of the model."
    )


def _tensor_end(reader: _Reader, count: int) -> int | None:
    """Read the tensor infos; return the end of the furthest tensor's data, or None if unknown."""
    end: int | None = 0
    for _ in range(count):
        reader.string()
        n_dims = reader.u32()
        if n_dims > 8:
            raise _CutShort
        elements = 1
        for _ in range(n_dims):
            elements *= reader.u64()
        ggml_type, offset = reader.u32(), reader.u64()
        block = GGML_BLOCK_SIZES.get(ggml_type)
        if block is None or end is None:
            end = None
            continue
        end = max(end, offset + elements // block[0] * block[1])
    return end


@dataclass(frozen=True)
class _Header:
    version: int
    tensor_count: int
    meta: dict[str, Scalar]
    data_offset: int
    tensor_end: int | None
    bos: str | None
    eos: str | None


def _parse(path: Path, size: int) -> _Header:
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data[:4] != GGUF_MAGIC:
            raise ModelFileError(f"{path.name} {_describe_non_gguf(data[:64])}.")
        reader = _Reader(data)
        reader.pos = 4
        try:
            version = reader.u32()
            if version not in SUPPORTED_VERSIONS:
                raise ModelFileError(_version_problem(path.name, version))
            tensor_count, kv_count = reader.u64(), reader.u64()
            meta, tokens_at = _read_kv(reader, kv_count)
            tensor_end = _tensor_end(reader, tensor_count)
            data_offset = _align(reader.pos, meta.get("general.alignment"))
            bos = _token_text(reader, tokens_at, meta.get("tokenizer.ggml.bos_token_id"))
            eos = _token_text(reader, tokens_at, meta.get("tokenizer.ggml.eos_token_id"))
        except _CutShort:
            raise ModelFileError(
                f"{path.name} ends inside its header ({size} bytes): the download was probably "
                "interrupted or the file is damaged; download it again."
            ) from None
    return _Header(version, tensor_count, meta, data_offset, tensor_end, bos, eos)


def _check_complete(name: str, size: int, expected: int | None) -> None:
    if expected is not None and size < expected:
        raise ModelFileError(
            f"{name} is truncated: {_gb(expected - size)} of its {_gb(expected)} are missing "
            f"({100 * size / expected:.0f}% present); the download was probably interrupted, "
            "download it again."
        )


def _check_architecture(name: str, meta: dict[str, Scalar]) -> str:
    arch = meta.get("general.architecture")
    if not isinstance(arch, str):
        raise ModelFileError(f"{name} does not say which model architecture it holds.")
    if arch not in SUPPORTED_ARCHITECTURES:
        raise ModelFileError(
            f"{name} is a '{arch}' model, which the installed llama.cpp cannot run; "
            "choose another model or update the tutor."
        )
    return arch


def inspect_gguf(path: str | os.PathLike[str]) -> GgufInfo:
    """Read and check a GGUF header; raise ModelFileError saying what is wrong with the file."""
    path = Path(path)
    size = _open_checks(path)
    head = _parse(path, size)
    expected = None if head.tensor_end is None else head.data_offset + head.tensor_end
    _check_complete(path.name, size, expected)
    arch = _check_architecture(path.name, head.meta)

    def text(key: str) -> str | None:
        value = head.meta.get(key)
        return value if isinstance(value, str) else None

    def number(key: str) -> int | None:
        value = head.meta.get(f"{arch}.{key}")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return GgufInfo(
        path=path,
        version=head.version,
        architecture=arch,
        name=text("general.name"),
        context_length=number("context_length"),
        block_count=number("block_count"),
        embedding_length=number("embedding_length"),
        head_count=number("attention.head_count"),
        head_count_kv=number("attention.head_count_kv") or number("attention.head_count"),
        chat_template=text("tokenizer.chat_template"),
        bos_token=head.bos,
        eos_token=head.eos,
        file_size=size,
        tensor_count=head.tensor_count,
        data_offset=head.data_offset,
        expected_min_size=expected,
        metadata=head.meta,
    )


def _gb(n: int) -> str:
    return f"{n / 1e9:.2f} GB" if n >= 10**8 else f"{n / 1e6:.1f} MB"


def estimate_memory(info: GgufInfo, n_ctx: int) -> int:
    """Bytes needed to run the model: weights, an f16 KV cache for n_ctx tokens and overhead."""
    layers, width = info.block_count or 0, info.embedding_length or 0
    if info.head_count and info.head_count_kv:
        width = width * info.head_count_kv // info.head_count
    return info.file_size + kv_cache_bytes(n_ctx, layers, width) + RUNTIME_OVERHEAD_BYTES


def check_memory(info: GgufInfo, n_ctx: int, available_bytes: int | None = None) -> None:
    """Raise NotEnoughMemoryError when the model would not fit in the free memory."""
    needed = estimate_memory(info, n_ctx)
    if available_bytes is None:
        import psutil

        available_bytes = int(psutil.virtual_memory().available)
    if needed > available_bytes:
        raise NotEnoughMemoryError(
            f"{info.path.name} needs about {_gb(needed)} of memory for {n_ctx} tokens of context, "
            f"but only {_gb(available_bytes)} is free; close other programs, choose a smaller "
            "model, or use a shorter context."
        )
