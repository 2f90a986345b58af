"""Prompts built from official chat templates with llama-cpp-python's own formatter.

The templates in tests/data are the `chat_template` strings of the official tokenizer_config.json
files on Hugging Face (see tests/data/README.md for where each one was taken from):
- phi4_chat_template.jinja: microsoft/phi-4, after Microsoft merged Unsloth's tokenizer fixes.
- phi4_mini_chat_template.jinja: microsoft/Phi-4-mini-instruct.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor_app.engine.discovery import bundled_model_path
from tutor_app.engine.gguf import inspect_gguf
from tutor_app.engine.prompt import render_chat
from tutor_app.errors import ModelFileError

DATA = Path(__file__).parent / "data"
SYSTEM = "You are a patient maths tutor. Write one step per line."
QUESTION = "Solve 2x + 3 = 7."
ANSWER = "2x = 4\nx = 2"
FOLLOW_UP = "Why did you subtract 3 first?"


def _template(name: str) -> str:
    return (DATA / name).read_text(encoding="utf-8").removesuffix("\n")


def _conversation(turns: int) -> list[dict[str, str]]:
    messages = [{"role": "system", "content": SYSTEM}, {"role": "user", "content": QUESTION}]
    if turns > 1:
        messages += [
            {"role": "assistant", "content": ANSWER},
            {"role": "user", "content": FOLLOW_UP},
        ]
    return messages


def test_phi4_system_and_user() -> None:
    prompt = render_chat(
        _template("phi4_chat_template.jinja"), _conversation(1), "<|endoftext|>", "<|im_end|>"
    )
    assert prompt.text == (
        f"<|im_start|>system<|im_sep|>{SYSTEM}<|im_end|>"
        f"<|im_start|>user<|im_sep|>{QUESTION}<|im_end|>"
        "<|im_start|>assistant<|im_sep|>"
    )
    assert prompt.stop == ["<|im_end|>"]
    assert prompt.added_special is True


def test_phi4_multi_turn() -> None:
    prompt = render_chat(
        _template("phi4_chat_template.jinja"), _conversation(2), "<|endoftext|>", "<|im_end|>"
    )
    assert prompt.text == (
        f"<|im_start|>system<|im_sep|>{SYSTEM}<|im_end|>"
        f"<|im_start|>user<|im_sep|>{QUESTION}<|im_end|>"
        f"<|im_start|>assistant<|im_sep|>{ANSWER}<|im_end|>"
        f"<|im_start|>user<|im_sep|>{FOLLOW_UP}<|im_end|>"
        "<|im_start|>assistant<|im_sep|>"
    )


def test_phi4_mini_system_and_user() -> None:
    template = _template("phi4_mini_chat_template.jinja")
    prompt = render_chat(template, _conversation(1), "<|endoftext|>", "<|endoftext|>")
    assert prompt.text == f"<|system|>{SYSTEM}<|end|><|user|>{QUESTION}<|end|><|assistant|>"
    assert prompt.stop == ["<|endoftext|>"]


def test_phi4_mini_multi_turn() -> None:
    template = _template("phi4_mini_chat_template.jinja")
    prompt = render_chat(template, _conversation(2), "<|endoftext|>", "<|endoftext|>")
    assert prompt.text == (
        f"<|system|>{SYSTEM}<|end|><|user|>{QUESTION}<|end|>"
        f"<|assistant|>{ANSWER}<|end|><|user|>{FOLLOW_UP}<|end|><|assistant|>"
    )


def test_bundled_smollm2_template_renders() -> None:
    info = inspect_gguf(bundled_model_path())
    assert info.chat_template and info.bos_token is not None and info.eos_token is not None
    prompt = render_chat(info.chat_template, _conversation(2), info.bos_token, info.eos_token)
    assert prompt.text == (
        f"<|im_start|>system\n{SYSTEM}<|im_end|>\n"
        f"<|im_start|>user\n{QUESTION}<|im_end|>\n"
        f"<|im_start|>assistant\n{ANSWER}<|im_end|>\n"
        f"<|im_start|>user\n{FOLLOW_UP}<|im_end|>\n"
        "<|im_start|>assistant\n"
    )
    assert prompt.stop == ["<|im_end|>"]


def test_bundled_tokens_match_what_llama_cpp_reads() -> None:
    """The BOS/EOS strings read from the header are the ones llama.cpp hands the formatter."""
    llama_cpp = pytest.importorskip("llama_cpp")
    path = bundled_model_path()
    info = inspect_gguf(path)
    llm = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)
    try:
        assert llm._model.token_get_text(llm.token_eos()) == info.eos_token
        assert llm._model.token_get_text(llm.token_bos()) == info.bos_token
        assert llm.metadata["tokenizer.chat_template"] == info.chat_template
        assert llm.chat_format == "chat_template.default"
    finally:
        llm.close()


def test_broken_template_is_a_model_file_error() -> None:
    with pytest.raises(ModelFileError, match="chat template is broken"):
        render_chat("{% for m in messages %}", _conversation(1), "", "")
