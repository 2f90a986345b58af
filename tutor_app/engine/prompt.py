"""Turn a conversation into the exact prompt text a model expects, using its own chat template."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tutor_app.errors import ModelFileError


@dataclass(frozen=True)
class RenderedPrompt:
    """A prompt ready to tokenize, with the strings that end the model's turn."""

    text: str
    stop: list[str]
    # True: the template already wrote any BOS token, so tokenize without adding one
    # (llama-cpp-python tokenizes with add_bos=not added_special, special=True).
    added_special: bool


def render_chat(
    template: str,
    messages: Sequence[Mapping[str, Any]],
    bos_token: str,
    eos_token: str,
) -> RenderedPrompt:
    """Render messages with a GGUF chat template exactly as llama-cpp-python does by default."""
    # The same formatter Llama builds from tokenizer.chat_template when chat_format is unset.
    import jinja2
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    try:
        formatter = Jinja2ChatFormatter(
            template=template,
            eos_token=eos_token,
            bos_token=bos_token,
            add_generation_prompt=True,
        )
    except jinja2.TemplateSyntaxError as exc:
        raise ModelFileError(
            f"The model's chat template is broken ({exc}); use another GGUF."
        ) from exc
    # Plain dicts: llama-cpp-python types messages as TypedDicts, which callers need not build.
    payload: list[Any] = [dict(m) for m in messages]
    response = formatter(messages=payload)
    stop = response.stop
    stops = [stop] if isinstance(stop, str) else list(stop or [])
    return RenderedPrompt(
        text=response.prompt,
        stop=[s for s in stops if s],
        added_special=response.added_special,
    )
