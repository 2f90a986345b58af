"""Solve a question: CAS ground truth, a streamed solution, every line checked, retry if wrong."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Protocol

from tutor_app import verify
from tutor_app.engine.reasoning import split_reasoning
from tutor_app.engine.runtime import CUT_OFF as CUT_OFF_FINISH
from tutor_app.engine.runtime import SamplingSettings
from tutor_app.errors import BadQuestionError
from tutor_app.tutor.checking import check_lines, is_explicit_answer, mark_wrong_answer
from tutor_app.tutor.lines import final_answer, split_steps
from tutor_app.tutor.prompts import MAX_QUESTION_CHARS, solve_messages
from tutor_app.tutor.solution import (
    CAS,
    CAS_SAMPLE,
    MODEL,
    VERIFIED,
    CheckedStep,
    SampleAttempt,
    WorkedSolution,
)
from tutor_app.tutor.truth import GroundTruth, find_truth, judge_final

logger = logging.getLogger(__name__)

DEFAULT_RETRIES = 3
CUT_OFF = "cut off when the answer was stopped: not checked"
SERVER_CUT_OFF = "cut off when the model server stopped sending: not checked"
NOT_SOLVED_YET = "the final answer is still an equation, not the values that solve it"
_MATHS_WORDS = re.compile(
    r"\b(solve|simplify|factori[sz]e|factor|expand|differentiate|derivative|integrate|integral|"
    r"limit|equation|evaluate|calculate|compute|sum|product|area|volume|perimeter|percent|"
    r"fraction|root|square|cube|prime|angle|triangle|circle|probability|average|mean|ratio|"
    r"plot|graph|function|x|y)\b",
    re.IGNORECASE,
)


class Stream(Protocol):
    """A reply being streamed: text pieces, and a way to stop it."""

    def __iter__(self) -> Iterator[str]: ...

    def cancel(self) -> None: ...


class ChatModel(Protocol):
    """What the pipeline needs from the engine: a name and streamed chat generations."""

    @property
    def name(self) -> str: ...

    def stream_chat(
        self, messages: Sequence[Mapping[str, str]], sampling: SamplingSettings | None = None
    ) -> Stream: ...


def stop_with(stream: Stream, cancelled: Callable[[], bool]) -> Stream:
    """Let a stream end itself when the student stops, even while no piece arrives (a stalled
    model server); the engine's streams can, a stand-in without `stop_when` is left as it is."""
    stop_when = getattr(stream, "stop_when", None)
    if callable(stop_when):
        stop_when(cancelled)
    return stream


# Called with (sample number, text piece) as a solution streams; the CAS's own solution comes
# whole, with the sample number CAS_SAMPLE.
PieceCallback = Callable[[int, str], None]


def validate_question(problem: str) -> str:
    """Refuse empty, oversized or non-maths questions with a message the student can act on."""
    if not isinstance(problem, str) or not problem.strip():
        raise BadQuestionError("Type a maths question first.")
    if len(problem) > MAX_QUESTION_CHARS:
        raise BadQuestionError(
            f"That question is {len(problem):,} characters long; please keep it under "
            f"{MAX_QUESTION_CHARS:,}."
        )
    text = problem.strip()
    if not (re.search(r"\d|[=+*/^<>]", text) or _MATHS_WORDS.search(text)):
        raise BadQuestionError(
            "That does not look like a maths question. Try something like 'Solve 2x + 3 = 7'."
        )
    return text


def solve(
    problem: str,
    model: ChatModel | None,
    *,
    retries: int = DEFAULT_RETRIES,
    seed: int = 0,
    max_tokens: int = 768,
    temperature: float | None = None,
    on_piece: PieceCallback | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    cas_first: bool = False,
) -> WorkedSolution:
    """Produce a worked solution whose lines are checked; resample up to `retries` times.

    When no model sample verifies, or there is no model, the computer algebra system writes a
    solution of its own, checked line by line in the same way, and that is shown. With
    `cas_first` (the starter model) the CAS solution is shown at once, without sampling.
    """
    text = validate_question(problem)
    started = time.perf_counter()
    truth = find_truth(text)
    written = cas_worked_solution(truth, cancelled) if truth.task else None
    samples: list[SampleAttempt] = []
    if model is not None and not (cas_first and written is not None):
        for index in range(retries + 1):
            sampling = SamplingSettings(seed=seed + index, max_tokens=max_tokens)
            if temperature is not None:
                sampling = replace(sampling, temperature=temperature)
            sample = _sample(text, model, sampling, index, truth, on_piece, cancelled)
            samples.append(sample)
            if (
                cancelled()
                or sample.status == VERIFIED
                or truth.answer is None
                and not sample.invalid_steps
            ):
                break
    if written is not None and not cancelled() and not any(s.status == VERIFIED for s in samples):
        if on_piece is not None:
            on_piece(CAS_SAMPLE, written.text)
        samples.append(written)
    if not samples:
        raise BadQuestionError(
            "No model is loaded, and the computer algebra system cannot write a solution to "
            "this question. Load a model from the model manager."
        )
    chosen = max(samples, key=lambda s: s.rank())
    return WorkedSolution(
        problem=text,
        task=truth.kind,
        skill=truth.skill,
        cas_answer=truth.answer,
        cas_reason=truth.reason,
        chosen=chosen,
        samples=samples,
        model_name=model.name if model is not None else "",
        duration_s=time.perf_counter() - started,
        cancelled=cancelled(),
    )


def cas_worked_solution(
    truth: GroundTruth, cancelled: Callable[[], bool] = lambda: False
) -> SampleAttempt | None:
    """The CAS's own worked solution, checked like a model's; None when it has none, or when
    the checker does not confirm it (a generator's slip is never shown as verified)."""
    if truth.task is None or truth.answer is None:
        return None
    t0 = time.perf_counter()
    lines = verify.work_task(truth.task)
    if not lines:
        return None
    # One paragraph per line, so that Markdown shows each step on a line of its own.
    sample = judge_sample("\n\n".join(lines), truth, cancelled, seed=-1, author=CAS)
    sample.checking_seconds = time.perf_counter() - t0
    if sample.status != VERIFIED:
        logger.warning("the CAS worked solution did not check: %s", truth.task)
        return None
    return sample


def _sample(
    problem: str,
    model: ChatModel,
    sampling: SamplingSettings,
    index: int,
    truth: GroundTruth,
    on_piece: PieceCallback | None,
    cancelled: Callable[[], bool],
) -> SampleAttempt:
    generation = stop_with(model.stream_chat(solve_messages(problem, index), sampling), cancelled)
    t0 = time.perf_counter()
    pieces: list[str] = []
    for piece in generation:
        pieces.append(piece)
        if on_piece is not None:
            on_piece(index, piece)
        if cancelled():
            generation.cancel()
    generated = time.perf_counter() - t0
    # Stopped, or cut off by the server: the lines written so far are still checked; the
    # cut-off end is not judged.
    server_cut = getattr(generation, "finish_reason", None) == CUT_OFF_FINISH and not cancelled()
    sample = judge_sample(
        "".join(pieces),
        truth,
        seed=sampling.seed,
        stopped=cancelled() or server_cut,
        cut_reason=SERVER_CUT_OFF if server_cut else CUT_OFF,
    )
    sample.generation_seconds = generated
    sample.checking_seconds = time.perf_counter() - t0 - generated
    sample.tokens = len(pieces)
    return sample


def judge_sample(
    text: str,
    truth: GroundTruth,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    seed: int,
    author: str = MODEL,
    stopped: bool = False,
    cut_reason: str = CUT_OFF,
) -> SampleAttempt:
    """Check every line of a written solution and its final answer against the ground truth.

    A solution `stopped` part way has its last line cut off: that line gets no verdict, and
    neither does the answer it never reached; `cut_reason` says why it was cut.
    """
    _, answer_text = split_reasoning(text)  # a reasoning model's <think> part is not checked
    steps = split_steps(answer_text)
    cut = steps[-1] if stopped and steps and not answer_text.endswith("\n") else None
    real = not (truth.task is not None and truth.task.complex)
    complete = steps[:-1] if cut is not None else steps
    checked = check_lines(complete, truth.check, truth.statement, cancelled, real=real)
    if cut is not None:
        checked.append(CheckedStep(cut.number, cut.text, cut.math, "unknown", cut_reason))
    answer = final_answer(answer_text, complete) if not stopped else None
    if stopped:
        answer_status, answer_reason = (
            "unknown",
            (
                "the model server stopped sending before the final answer"
                if cut_reason == SERVER_CUT_OFF
                else "stopped before the final answer"
            ),
        )
    elif answer is None:
        answer_status, answer_reason = "unknown", "no final answer found"
    elif truth.answer is None:
        answer_status, answer_reason = "unknown", truth.reason
    elif truth.kind == "solve" and not is_explicit_answer(answer):
        answer_status, answer_reason = "unknown", NOT_SOLVED_YET
    else:
        verdict = judge_final(truth, answer)
        answer_status, answer_reason = verdict.status, verdict.reason
        if answer_status == "not_equivalent":
            checked = mark_wrong_answer(checked, answer)
    return SampleAttempt(
        seed=seed,
        text=text,
        steps=checked,
        final_answer=answer,
        answer_status=answer_status,
        answer_reason=answer_reason,
        author=author,
    )
