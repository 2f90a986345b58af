"""The model worker on the real bundled model: streaming, seeds, order, cancellation, errors."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from tutor_app.engine.reasoning import route_pieces, split_reasoning
from tutor_app.engine.runtime import LoadSettings, ModelWorker, SamplingSettings
from tutor_app.errors import GenerationCancelled, ModelFileError, TutorError

QUESTION = [{"role": "user", "content": "Solve 2x + 3 = 7 step by step."}]


def test_stream_yields_pieces_that_make_the_reply(model_worker: ModelWorker) -> None:
    generation = model_worker.stream_chat(QUESTION, SamplingSettings(seed=1, max_tokens=40))
    pieces = list(generation)
    assert len(pieces) > 3
    assert "".join(pieces) == generation.text
    assert generation.finish_reason in ("stop", "length")
    assert generation.prompt_tokens > 5
    assert generation.first_piece_at is not None


def test_same_seed_gives_the_same_text(model_worker: ModelWorker) -> None:
    settings = SamplingSettings(seed=7, max_tokens=30, temperature=0.9)
    first = model_worker.stream_chat(QUESTION, settings).result()
    second = model_worker.stream_chat(QUESTION, settings).result()
    assert first == second and first


def test_requests_from_two_threads_are_served_whole_and_in_order(model_worker: ModelWorker) -> None:
    expected = [
        model_worker.stream_chat(QUESTION, SamplingSettings(seed=s, max_tokens=20)).result()
        for s in (3, 4)
    ]
    results: dict[int, str] = {}

    def ask(seed: int) -> None:
        gen = model_worker.stream_chat(QUESTION, SamplingSettings(seed=seed, max_tokens=20))
        results[seed] = gen.result()

    threads = [threading.Thread(target=ask, args=(s,)) for s in (3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert [results[3], results[4]] == expected


def test_cancel_stops_mid_generation(model_worker: ModelWorker) -> None:
    generation = model_worker.stream_chat(QUESTION, SamplingSettings(seed=2, max_tokens=300))
    received = 0
    for _ in generation:
        received += 1
        if received == 3:
            generation.cancel()
    assert generation.finish_reason == "cancelled"
    assert received < 10
    # The worker is free again at once.
    assert model_worker.stream_chat(QUESTION, SamplingSettings(max_tokens=5)).result()


def test_a_request_cancelled_while_it_waits_never_runs(model_worker: ModelWorker) -> None:
    running = model_worker.stream_chat(QUESTION, SamplingSettings(seed=2, max_tokens=60))
    waiting = model_worker.stream_chat(QUESTION, SamplingSettings(seed=3, max_tokens=60))
    waiting.cancel()  # still queued behind the first
    assert running.result()  # the first is served whole
    with pytest.raises(GenerationCancelled):
        waiting.result()
    assert waiting.completion_tokens == 0 and waiting.prompt_tokens == 0


def test_a_conversation_longer_than_the_context_is_refused(model_worker: ModelWorker) -> None:
    long_question = [{"role": "user", "content": "2 + 2 = 4. " * 1500}]
    with pytest.raises(TutorError, match="too long for this model's context"):
        model_worker.stream_chat(long_question, SamplingSettings(max_tokens=5)).result()


def test_a_truncated_model_is_refused_before_loading(small_model: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.gguf"
    cut.write_bytes(small_model.read_bytes()[:5_000_000])
    with pytest.raises(ModelFileError, match="(?i)truncated|incomplete|interrupted"):
        ModelWorker(cut)


def test_a_model_that_does_not_fit_in_memory_is_refused(small_model: Path, tmp_path: Path) -> None:
    copy = tmp_path / "model.gguf"
    shutil.copy(small_model, copy)
    # A context of a billion tokens needs far more memory than any machine here has.
    worker = ModelWorker(copy, LoadSettings(n_ctx=1_000_000_000))
    with pytest.raises(TutorError, match="(?i)memory"):
        worker.start()


def test_reasoning_is_separated_from_the_answer() -> None:
    thinking, answer = split_reasoning("<think>try x=2: 2*2+3=7 ok</think>The answer is x = 2.")
    assert thinking == "try x=2: 2*2+3=7 ok"
    assert answer == "The answer is x = 2."
    assert split_reasoning("no tags here") == ("", "no tags here")


def test_streamed_reasoning_tags_split_across_pieces_are_routed() -> None:
    pieces = ["<thi", "nk>let me ", "think</th", "ink>Answer: ", "5"]
    routed = list(route_pieces(pieces, reasoning=False))
    thinking = "".join(t for c, t in routed if c == "thinking")
    answer = "".join(t for c, t in routed if c == "answer")
    assert thinking == "let me think"
    assert answer == "Answer: 5"
