"""A llama.cpp quirk the engine works around: its AMX kernels crash on this family of CPUs.

A llama-cpp-python wheel built for the machine it runs on (`GGML_NATIVE`, pip's default) puts
model weights in "extra" buffers that use the CPU's AMX tile instructions when it has them.
On Intel CPUs with AMX (Xeon Sapphire Rapids and later) that path crashes the whole process
with a segmentation fault in `ggml_backend_amx_mul_mat` on the first token (llama-cpp-python
0.3.36, the Q4_1 starter model). Loading the weights into plain CPU buffers avoids it and
costs only the weight repacking, so it is done on those CPUs alone.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def has_amx(system_info: str) -> bool:
    """Whether llama.cpp's system line reports AMX int8 support (`AMX_INT8 = 1`)."""
    return "AMX_INT8 = 1" in system_info


@contextmanager
def safe_weight_buffers() -> Iterator[None]:
    """While a model loads, keep its weights out of AMX buffers on CPUs that have AMX."""
    import llama_cpp.llama_cpp as native

    info = native.llama_print_system_info()
    text = info.decode("utf-8", "replace") if isinstance(info, bytes) else str(info)
    if not has_amx(text) or not hasattr(native, "llama_model_default_params"):
        yield
        return
    defaults = native.llama_model_default_params

    def without_extra_buffers() -> Any:
        params = defaults()
        params.use_extra_bufts = False
        return params

    # Llama() reads the defaults while it loads; only the model's owner thread loads models.
    native.llama_model_default_params = without_extra_buffers
    try:
        yield
    finally:
        native.llama_model_default_params = defaults
