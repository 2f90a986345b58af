"""The class's model server: a real `llama_cpp.server` on 127.0.0.1 with the bundled SmolLM2.

Streaming, cancel, a wrong key, a model the server lacks, a server that is not there, one that
stalls (frozen with SIGSTOP) and one killed in the middle of a reply, the fallback to this
computer's model and the return to the server; all against the real server process.
"""

from __future__ import annotations

import json
import logging
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.model_server import ALIAS, API_KEY, ModelServer, free_port
from tutor_app.engine.fallback import ServerNews, ServerWithFallback
from tutor_app.engine.runtime import CUT_OFF, SamplingSettings
from tutor_app.engine.server import ServerModel
from tutor_app.engine.server_address import (
    ServerError,
    ServerModelMissing,
    ServerRefusedKey,
    ServerSettings,
    ServerUnreachable,
    check_api_key,
    check_server_url,
    configured_server,
)
from tutor_app.tutor.pipeline import SERVER_CUT_OFF, solve

QUESTION = [{"role": "user", "content": "Count from one to ten in words, one per line."}]
ENDLESS = [{"role": "user", "content": "Write the numbers from 1 to 3000 in digits, one per line."}]
LONG = SamplingSettings(max_tokens=400, temperature=0.0)


@pytest.fixture
def server(class_server: ModelServer) -> ModelServer:
    """The session's server, for the tests that leave it running."""
    return class_server


@pytest.fixture
def own_server(small_model: Path, tmp_path: Path) -> Iterator[ModelServer]:
    """A server of the test's own, to kill or freeze."""
    running = ModelServer(small_model, log=tmp_path / "server.log").start()
    yield running
    running.stop()


def settings_for(server: ModelServer, **changes: object) -> ServerSettings:
    values: dict = {"url": server.url, "api_key": API_KEY, "model": None, "stall_seconds": 30}
    values.update(changes)
    return ServerSettings.checked(**values)


# -- the address and the key are untrusted input -------------------------------
@pytest.mark.parametrize(
    ("typed", "base"),
    [
        ("http://192.168.1.20:8080", "http://192.168.1.20:8080/v1"),
        ("192.168.1.20:8080", "http://192.168.1.20:8080/v1"),
        ("HTTPS://Teacher-PC.local/v1/", "https://teacher-pc.local/v1"),
        ("http://[::1]:8000", "http://[::1]:8000/v1"),
        ("http://school.example/llm", "http://school.example/llm/v1"),
    ],
)
def test_a_server_address_is_read_as_its_api_base(typed: str, base: str) -> None:
    assert check_server_url(typed) == base


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("", "Type the model server's address"),
        ("ftp://teacher-pc/models", "must start with http:// or https://"),
        ("file:///etc/passwd", "must start with http:// or https://"),
        ("javascript:alert(1)//x", "must start with http:// or https://"),
        ("http://admin:secret@teacher-pc:8080", "not in the server address"),
        ("http://teacher-pc:80a80", "port that is not a number"),
        ("http://teacher pc:8080", "spaces or control characters"),
        ("http://teacher-pc:8080\r\nX-Evil: 1", "spaces or control characters"),
        ("http://teacher-pc:8080/?model=x", "cannot have ? or #"),
        ("http://:8080", "no computer name"),
        ("http://" + "a" * 3000, "spaces or control characters"),
    ],
)
def test_an_address_that_cannot_be_used_is_refused_with_the_reason(typed: str, said: str) -> None:
    with pytest.raises(ServerError, match=said.replace("?", r"\?")):
        check_server_url(typed)


def test_an_api_key_must_fit_in_a_header() -> None:
    assert check_api_key("  sk-abc.DEF_123  ") == "sk-abc.DEF_123"
    assert check_api_key("") is None and check_api_key(None) is None
    for bad in ("two words", "line\nbreak", "clé", "k" * 600):
        with pytest.raises(ServerError, match="API key"):
            check_api_key(bad)


def test_the_key_comes_from_the_environment_when_not_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TUTOR_APP_SERVER", raising=False)
    assert configured_server(None) is None
    monkeypatch.setenv("TUTOR_APP_SERVER", "teacher-pc:8080")
    monkeypatch.setenv("TUTOR_APP_API_KEY", "from-env")
    settings = configured_server(None)
    assert settings is not None
    assert (settings.url, settings.api_key) == ("http://teacher-pc:8080/v1", "from-env")
    assert configured_server(None, "given")
    assert configured_server(None, "given").api_key == "given"  # type: ignore[union-attr]


def test_the_key_is_never_shown(server: ModelServer, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    settings = settings_for(server, api_key="wrong-key-d41d8")
    model = ServerModel(settings)
    with pytest.raises(ServerRefusedKey) as refused:
        model.connect()
    model.close()
    shown = [repr(settings), repr(model), str(refused.value), caplog.text]
    assert not any("wrong-key-d41d8" in text for text in shown)


# -- the real server ------------------------------------------------------------
def test_the_server_lists_its_models_and_streams_a_reply(server: ModelServer) -> None:
    model = ServerModel(settings_for(server))
    try:
        assert model.available_models() == [ALIAS]
        model.connect()
        assert model.model_id == ALIAS
        assert model.name == f"{ALIAS} on 127.0.0.1:{server.port}"
        generation = model.stream_chat(QUESTION, SamplingSettings(max_tokens=24, temperature=0))
        pieces = list(generation)
    finally:
        model.close()
    assert len(pieces) > 3 and "".join(pieces).strip()
    assert generation.finish_reason in ("stop", "length")
    assert generation.completion_tokens == len(pieces)


def test_a_wrong_key_is_named_as_the_problem(server: ModelServer) -> None:
    for key in ("not-the-key", None):
        model = ServerModel(settings_for(server, api_key=key))
        with pytest.raises(ServerRefusedKey, match="refused the API key"):
            model.connect()
        with pytest.raises(ServerRefusedKey):
            list(model.stream_chat(QUESTION))
        model.close()


def test_a_model_the_server_lacks_is_named_with_what_it_has(server: ModelServer) -> None:
    model = ServerModel(settings_for(server, model="phi-4"))
    with pytest.raises(ServerModelMissing, match=f"no model named 'phi-4'; it has: {ALIAS}"):
        model.connect()
    model.close()


def test_a_server_that_is_not_there_is_said_so() -> None:
    model = ServerModel(ServerSettings.checked(f"http://127.0.0.1:{free_port()}", "k"))
    with pytest.raises(ServerUnreachable, match="cannot be reached: nothing answers"):
        model.connect()
    with pytest.raises(ServerUnreachable):
        list(model.stream_chat(QUESTION))
    model.close()


def test_cancel_stops_the_reply_at_once_and_the_server_serves_the_next(
    server: ModelServer,
) -> None:
    model = ServerModel(settings_for(server)).connect()
    try:
        generation = model.stream_chat(ENDLESS, SamplingSettings(max_tokens=1800, temperature=0))
        pieces = []
        for piece in generation:
            pieces.append(piece)
            if len(pieces) == 2:
                generation.cancel()
        assert len(pieces) == 2 and generation.cancelled
        # The connection is closed, so the reading stops at once rather than after the whole
        # reply (the server then stops generating): the bound is a guard, not a measure.
        assert generation.reader is not None
        generation.reader.join(15)
        assert not generation.reader.is_alive()
        assert generation.completion_tokens < 100
        after = model.stream_chat(QUESTION, SamplingSettings(max_tokens=8, temperature=0))
        assert after.result().strip()
    finally:
        model.close()


def test_a_server_killed_mid_reply_leaves_the_reply_cut_off_not_lost(
    own_server: ModelServer,
) -> None:
    model = ServerModel(settings_for(own_server)).connect()
    generation = model.stream_chat(QUESTION, LONG)
    pieces = []
    for piece in generation:  # ends; raises nothing
        pieces.append(piece)
        if len(pieces) == 3:
            own_server.kill()
    model.close()
    assert len(pieces) >= 3 and generation.text == "".join(pieces)
    assert generation.finish_reason == CUT_OFF
    assert generation.cut_off_reason


def test_a_stalled_server_is_given_up_on_after_the_stall_time(own_server: ModelServer) -> None:
    model = ServerModel(settings_for(own_server, stall_seconds=1.5)).connect()
    generation = model.stream_chat(QUESTION, LONG)
    pieces = []
    for piece in generation:
        pieces.append(piece)
        if len(pieces) == 2:
            own_server.pause()
    assert generation.finish_reason == CUT_OFF
    assert generation.cut_off_reason == "nothing arrived for 2 s"
    with pytest.raises(ServerUnreachable, match="sent nothing for 2 s"):
        list(model.stream_chat(QUESTION, LONG))  # frozen before it starts
    model.close()


# -- the fallback to this computer's model ---------------------------------------
def test_the_local_model_stands_in_while_the_server_is_down_and_the_server_is_used_again(
    model_worker, small_model: Path, tmp_path: Path
) -> None:
    port = free_port()
    news: list[ServerNews] = []
    clock = [0.0]
    model = ServerWithFallback(
        ServerModel(ServerSettings.checked(f"http://127.0.0.1:{port}", API_KEY)),
        load_local=lambda: model_worker,
        on_status=news.append,
        retry_seconds=60,
        clock=lambda: clock[0],
    ).connect()
    assert not model.on_server and model.name == model_worker.name
    assert "cannot be reached" in news[0].detail and "Using this computer's model" in news[0].detail
    assert news[0].short == (
        "The class's model server cannot be reached: this computer's model answers until it is "
        "back."
    )
    assert model.stream_chat(QUESTION, SamplingSettings(max_tokens=8)).result().strip()
    server = ModelServer(small_model, port=port, log=tmp_path / "server.log").start()
    try:
        clock[0] = 30.0  # too soon to try the server again: still local
        assert model.stream_chat(QUESTION, SamplingSettings(max_tokens=8)).result()
        assert not model.on_server and len(news) == 1
        clock[0] = 61.0
        stream = model.stream_chat(QUESTION, SamplingSettings(max_tokens=8))
        assert stream.result().strip()
        assert model.on_server and model.name == f"{ALIAS} on 127.0.0.1:{port}"
        assert news[-1].short == f"Back on the class's model server: {ALIAS} on 127.0.0.1:{port}."
    finally:
        server.stop()
        model.server.close()  # the shared local model belongs to the session


def test_without_a_local_model_the_server_error_reaches_the_student() -> None:
    news: list[ServerNews] = []
    model = ServerWithFallback(
        ServerModel(ServerSettings.checked(f"http://127.0.0.1:{free_port()}")),
        on_status=news.append,
    )
    with pytest.raises(ServerUnreachable, match="cannot be reached"):
        model.connect()
    model.close()
    assert news and "cannot be reached" in news[0].detail
    assert news[0].short == "The class's model server cannot be reached."


def test_a_solution_cut_off_by_the_server_is_kept_as_cut_off_and_sampled_again(
    own_server: ModelServer, model_worker
) -> None:
    news: list[ServerNews] = []
    model = ServerWithFallback(
        ServerModel(settings_for(own_server)), lambda: model_worker, news.append
    ).connect()
    seen: list[tuple[int, str]] = []

    def on_piece(sample: int, piece: str) -> None:
        seen.append((sample, piece))
        if len(seen) == 12:
            own_server.kill()

    solution = solve(
        "Solve 3x - 4 = 11", model, retries=1,
        max_tokens=300, on_piece=on_piece,
    )  # fmt: skip
    model.server.close()
    first = solution.samples[0]
    assert first.text == "".join(p for s, p in seen if s == 0) and len(first.text) > 0
    assert first.answer_reason == "the model server stopped sending before the final answer"
    assert first.final_answer is None
    if first.steps and not first.text.endswith("\n"):
        assert first.steps[-1].reason == SERVER_CUT_OFF
    # The second sample came from this computer's model, and the student was told.
    assert any(s == 1 for s, _ in seen)
    assert any("Using this computer's model" in n.detail for n in news)


def test_settings_keep_the_server_and_only_the_owner_can_read_them(tmp_path: Path) -> None:
    from tutor_app.paths import resolve_paths
    from tutor_app.settings import Settings, load_settings, migrate, save_settings

    paths = resolve_paths(str(tmp_path / "data"))
    settings = Settings(server_url="http://teacher-pc:8080", server_api_key="sk-1")
    written = save_settings(paths, settings)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    loaded = load_settings(paths)
    assert (loaded.server_url, loaded.server_api_key) == ("http://teacher-pc:8080", "sk-1")
    assert "sk-1" not in repr(loaded)
    old = migrate({"schema_version": 4, "theme": "dark"})
    assert old["server_url"] is None and old["schema_version"] == 5


def test_the_server_is_waited_for_no_longer_than_the_stall_time(own_server: ModelServer) -> None:
    own_server.pause()
    model = ServerModel(settings_for(own_server, stall_seconds=1))
    started = time.monotonic()
    with pytest.raises(ServerUnreachable, match="sent nothing for 1 s"):
        model.connect()
    assert time.monotonic() - started < 10
    model.close()


# -- the command line -------------------------------------------------------------
def test_solve_through_the_server_with_the_key_from_the_environment(
    server: ModelServer, data_home: Path
) -> None:
    from tests.test_cli import run_cli

    result = run_cli(
        "--server", server.url, "solve", "Solve x + 2 = 5", "--json", "--retries", "0",
        "--max-tokens", "80", home=data_home, env={"TUTOR_APP_API_KEY": API_KEY},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["model"] == f"{ALIAS} on 127.0.0.1:{server.port}"
    assert payload["samples"][0]["author"] == "model"  # the server's model tries first
    assert payload["cas_answer"] == "x = 3" and "note:" not in result.stderr


def test_a_refused_key_falls_back_to_this_computers_model_and_says_so(
    server: ModelServer, data_home: Path
) -> None:
    from tests.test_cli import run_cli

    result = run_cli(
        "--server", server.url, "--api-key", "wrong-key-77", "solve", "Solve x + 2 = 5",
        "--json", "--retries", "0", "--max-tokens", "40", home=data_home,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "refused the API key" in result.stderr and "Using this computer's model" in result.stderr
    assert "wrong-key-77" not in result.stderr + result.stdout
    assert json.loads(result.stdout)["model"] != f"{ALIAS} on 127.0.0.1:{server.port}"


def test_models_lists_what_the_server_offers_beside_the_local_files(
    server: ModelServer, data_home: Path
) -> None:
    from tests.test_cli import run_cli

    listed = run_cli("--server", server.url, "--api-key", API_KEY, "models", "--json",
                     home=data_home)  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    payload = json.loads(listed.stdout)
    assert payload["server"] == {"url": f"{server.url}/v1", "models": [ALIAS]}
    assert payload["chosen"].endswith(".gguf")  # the local files are still listed
    text = run_cli("--server", server.url, "--api-key", API_KEY, "models", home=data_home)
    assert f"On the model server {server.url}/v1:\n  {ALIAS}" in text.stdout
    assert "In use: the model server; if it fails, " in text.stdout
    refused = run_cli("--server", server.url, "models", home=data_home)
    assert refused.returncode == 0
    assert "refused the API key" in refused.stdout


def test_an_address_that_is_not_http_stops_the_command_with_one_line(data_home: Path) -> None:
    from tests.test_cli import run_cli

    result = run_cli("--server", "ftp://teacher-pc", "solve", "Solve x + 2 = 5", home=data_home)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "error: The server address must start with http:// or https://, not ftp://."
    )


def test_a_reply_cut_off_by_the_server_is_stored_as_cut_off(
    own_server: ModelServer, tmp_path: Path
) -> None:
    from tutor_app.store.database import open_store
    from tutor_app.tutor.recording import record_solution

    model = ServerModel(settings_for(own_server)).connect()
    pieces: list[str] = []

    def on_piece(_sample: int, piece: str) -> None:
        pieces.append(piece)
        if len(pieces) == 10:
            own_server.kill()

    # No computer-algebra answer for this wording, so the model's reply is what is shown.
    solution = solve(
        "Why is (-2)(-3) positive? Explain the rule for multiplying negatives", model, retries=0,
        max_tokens=300, on_piece=on_piece,
    )  # fmt: skip
    model.close()
    assert solution.chosen.text == "".join(pieces)
    with open_store(tmp_path / "tutor.sqlite3") as store:
        record_solution(store, "Ada", solution)
        [stored] = store.attempts(store.student("Ada").id)
    assert stored.answer_reason == "the model server stopped sending before the final answer"
    assert stored.final_answer is None
    if not solution.chosen.text.endswith("\n"):
        assert stored.steps[-1].reason == SERVER_CUT_OFF
    assert solution.verdict()[0] != "verified"


def test_a_reply_the_server_drops_for_another_question_is_an_error_not_an_empty_answer(
    small_model: Path, tmp_path: Path
) -> None:
    # llama_cpp.server's default (--interrupt_requests True) stops a reply when another
    # question arrives: one still reading its long prompt has sent no text at all.
    server = ModelServer(small_model, log=tmp_path / "server.log", interrupt=True).start()
    model = ServerModel(settings_for(server)).connect()
    long_question = [{"role": "user", "content": "Add these numbers: " + " + ".join(["17"] * 600)}]
    try:
        first = model.stream_chat(long_question, LONG)
        time.sleep(0.3)  # the first is reading its prompt (a guard on order, not a measure)
        second = model.stream_chat(QUESTION, SamplingSettings(max_tokens=8, temperature=0))
        outcome = ""
        try:
            text = first.result()
            outcome = f"finished: {first.finish_reason} {text!r}"
        except ServerError as exc:
            outcome = str(exc)
        assert second.result().strip()
    finally:
        model.close()
        server.stop()
    if outcome.startswith("finished"):  # it had begun: kept, and marked as cut off
        assert first.finish_reason == CUT_OFF and first.text, outcome
    else:
        assert "ended the reply before sending any of it" in outcome


def test_cancel_ends_a_stalled_reply_without_waiting_for_the_stall_time(
    own_server: ModelServer,
) -> None:
    model = ServerModel(settings_for(own_server, stall_seconds=120)).connect()
    generation = model.stream_chat(ENDLESS, SamplingSettings(max_tokens=1800, temperature=0))
    pieces = []
    for piece in generation:
        pieces.append(piece)
        if len(pieces) == 2:
            own_server.pause()  # nothing more will come
            generation.cancel()
    assert generation.reader is not None
    generation.reader.join(20)  # far below the 120 s stall time: a guard, not a measure
    assert not generation.reader.is_alive()
    assert generation.finish_reason == "cancelled"
    model.close()


def test_stop_ends_a_solve_while_a_stalled_server_sends_nothing(own_server: ModelServer) -> None:
    import threading

    model = ServerModel(settings_for(own_server, stall_seconds=120)).connect()
    stop = threading.Event()
    seen: list[str] = []

    def on_piece(_sample: int, piece: str) -> None:
        seen.append(piece)
        if len(seen) == 3:
            own_server.pause()  # the server goes silent; then the student presses Stop
            threading.Timer(0.5, stop.set).start()

    outcome: dict[str, object] = {}
    question = "Why is (-2)(-3) positive? Explain the rule for multiplying negatives"
    worker = threading.Thread(target=lambda: outcome.update(solution=solve(
        question, model, retries=0, max_tokens=1500, on_piece=on_piece, cancelled=stop.is_set,
    )))  # fmt: skip
    worker.start()
    worker.join(30)  # far below the 120 s the stall would take: a guard, not a measure
    assert not worker.is_alive()
    model.close()
    solution = outcome["solution"]
    assert solution.cancelled and solution.chosen.text == "".join(seen)  # type: ignore[attr-defined]
