"""One thread owns the `Llama`; callers queue chat requests and iterate streamed text pieces.

llama-cpp-python's `Llama` is not thread-safe, so every call into it (load, tokenize, generate)
happens on the worker thread. A `Generation` is an iterator the caller drains on any thread;
`cancel()` sets a flag that the worker checks between pieces, then it leaves the stream.
"""

from __future__ import annotations

import os
import queue
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor_app.engine.cpu import safe_weight_buffers
from tutor_app.engine.gguf import GgufInfo, check_memory, inspect_gguf
from tutor_app.engine.prompt import render_chat
from tutor_app.errors import GenerationCancelled, ModelFileError, TutorError

DEFAULT_N_CTX = 4096
# A Generation's finish_reason when its source stopped sending part way (a model server that
# went down): the text so far is kept, and its last line is not judged.
CUT_OFF = "cut off"


@dataclass(frozen=True)
class LoadSettings:
    """How to load a model: context size, CPU threads and layers offloaded to a GPU."""

    n_ctx: int = DEFAULT_N_CTX
    n_threads: int | None = None
    n_gpu_layers: int = 0

    def threads(self) -> int:
        """The thread count to use: the setting, or the machine's cores."""
        return self.n_threads or max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class SamplingSettings:
    """How to sample one reply."""

    temperature: float = 0.6
    top_p: float = 0.95
    top_k: int = 40
    seed: int = 0
    max_tokens: int = 768


@dataclass
class Generation:
    """A streamed reply: iterate it for text pieces; `cancel()` stops it between pieces."""

    messages: list[dict[str, str]]
    sampling: SamplingSettings
    _pieces: queue.Queue[Any] = field(default_factory=queue.Queue, repr=False)
    _cancelled: threading.Event = field(default_factory=threading.Event, repr=False)
    finish_reason: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    started_at: float = field(default_factory=time.perf_counter)
    first_piece_at: float | None = None
    text: str = ""
    _stop: Callable[[], bool] | None = field(default=None, repr=False)

    def cancel(self) -> None:
        """Ask the worker to stop this generation at the next piece."""
        self._cancelled.set()

    @property
    def cancelled(self) -> bool:
        """Whether cancel() was called."""
        return self._cancelled.is_set()

    def stop_when(self, stop: Callable[[], bool]) -> None:
        """Cancel by itself when `stop()` turns true, even while no piece arrives (a stalled
        server): checked every quarter second while waiting."""
        self._stop = stop

    def __iter__(self) -> Iterator[str]:
        while True:
            try:
                item = self._pieces.get(timeout=_WAIT_SECONDS)
            except queue.Empty:
                if self._stop is not None and self._stop() and not self.cancelled:
                    self.cancel()
                continue
            if item is DONE:
                return
            if isinstance(item, BaseException):
                raise item
            if self.first_piece_at is None:
                self.first_piece_at = time.perf_counter()
            self.text += item
            yield item

    def result(self) -> str:
        """Drain the stream and return the whole text."""
        for _ in self:
            pass
        return self.text


DONE = object()  # the end of a stream, put on its queue last
_WAIT_SECONDS = 0.25  # how often a reader waiting for a piece looks at its stop condition
_STOP = object()


class ModelWorker:
    """The single owner of a loaded model, serving generations one at a time in order."""

    def __init__(self, model_path: str | os.PathLike[str], load: LoadSettings | None = None):
        self.model_path = Path(model_path)
        self.load_settings = load or LoadSettings()
        self.info: GgufInfo = inspect_gguf(self.model_path)
        self._requests: queue.Queue[Any] = queue.Queue()
        self._ready = threading.Event()
        self._load_error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="tutor-model", daemon=True)
        self._llm: Any = None
        self._template: str | None = None
        self._bos = self._eos = ""

    @property
    def name(self) -> str:
        """A display name for the loaded model."""
        return self.info.name or self.model_path.stem

    def start(self, check_memory_first: bool = True) -> ModelWorker:
        """Check the file and the memory, then load the model on the worker thread."""
        if check_memory_first:
            check_memory(self.info, self.load_settings.n_ctx)
        self._thread.start()
        return self

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the model is loaded; raise the load error if it failed."""
        if not self._ready.wait(timeout):
            raise TutorError("the model is still loading")
        if self._load_error is not None:
            raise self._load_error

    def load(self) -> ModelWorker:
        """Start, and return once the model is loaded; on failure free the thread and raise."""
        self.start()
        try:
            self.wait_ready()
        except BaseException:
            self.close()
            raise
        return self

    def stream_chat(
        self, messages: Sequence[Mapping[str, str]], sampling: SamplingSettings | None = None
    ) -> Generation:
        """Queue a chat request; the returned Generation yields text pieces as they arrive."""
        generation = Generation([dict(m) for m in messages], sampling or SamplingSettings())
        self._requests.put(generation)
        return generation

    def close(self) -> None:
        """Stop the worker thread after the current request and free the model."""
        if self._thread.is_alive():
            self._requests.put(_STOP)
            self._thread.join(30)

    # -- worker thread ---------------------------------------------------
    def _run(self) -> None:
        try:
            self._load()
        except BaseException as exc:  # reported to the caller by wait_ready()
            self._load_error = exc
            self._ready.set()
            return
        self._ready.set()
        while True:
            request = self._requests.get()
            if request is _STOP:
                break
            self._serve(request)
        if hasattr(self._llm, "close"):
            self._llm.close()
        self._llm = None

    def _load(self) -> None:
        from llama_cpp import Llama

        settings = self.load_settings
        try:
            with safe_weight_buffers():
                self._llm = Llama(
                    model_path=str(self.model_path),
                    n_ctx=settings.n_ctx,
                    n_threads=settings.threads(),
                    n_gpu_layers=settings.n_gpu_layers,
                    verbose=False,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            raise ModelFileError(
                f"llama.cpp could not load {self.model_path.name} ({exc}); "
                "the file may be damaged or made for a newer llama.cpp."
            ) from exc
        self._template = self.info.chat_template or self._llm.metadata.get(
            "tokenizer.chat_template"
        )
        if not self._template:
            raise ModelFileError(f"{self.model_path.name} has no chat template; pick a chat model.")
        model = self._llm._model
        eos, bos = self._llm.token_eos(), self._llm.token_bos()
        self._eos = model.token_get_text(eos) if eos != -1 else ""
        self._bos = model.token_get_text(bos) if bos != -1 else ""

    def prompt_tokens(self, messages: Sequence[Mapping[str, str]]) -> tuple[list[int], list[str]]:
        """Render and tokenize a conversation with the model's own template (worker thread only)."""
        assert self._template is not None
        rendered = render_chat(self._template, messages, self._bos, self._eos)
        tokens = self._llm.tokenize(
            rendered.text.encode("utf-8"), add_bos=not rendered.added_special, special=True
        )
        return tokens, rendered.stop

    def _serve(self, generation: Generation) -> None:
        try:
            if generation.cancelled:
                raise GenerationCancelled("stopped before it started")
            tokens, stop = self.prompt_tokens(generation.messages)
            room = self.load_settings.n_ctx - len(tokens)
            if room < 16:
                raise TutorError(
                    f"the conversation is too long for this model's context "
                    f"({len(tokens)} of {self.load_settings.n_ctx} tokens); start a new session"
                )
            generation.prompt_tokens = len(tokens)
            s = generation.sampling
            stream = self._llm.create_completion(
                tokens,
                max_tokens=min(s.max_tokens, room),
                temperature=s.temperature,
                top_p=s.top_p,
                top_k=s.top_k,
                seed=s.seed,
                stop=stop,
                stream=True,
            )
            try:
                for chunk in stream:
                    choice = chunk["choices"][0]
                    if choice["text"]:
                        generation.completion_tokens += 1
                        generation._pieces.put(choice["text"])
                    if choice.get("finish_reason"):
                        generation.finish_reason = choice["finish_reason"]
                    if generation.cancelled:
                        generation.finish_reason = "cancelled"
                        break
            finally:
                stream.close()
        except BaseException as exc:  # delivered to the reader's thread, not lost here
            generation._pieces.put(exc)
        finally:
            generation._pieces.put(DONE)
