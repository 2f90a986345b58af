"""The `tutor-app` command: the desktop app by default, and headless sub-commands.

Heavy libraries (llama_cpp, sympy, sqlalchemy) are imported inside the commands that need
them, so `tutor-app --help` and the window start fast.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any, NamedTuple

from tutor_app import __version__
from tutor_app.cli_classroom import CLASSROOM
from tutor_app.cli_classroom import add_commands as add_classroom_commands
from tutor_app.cli_teacher import TEACHER
from tutor_app.cli_teacher import add_commands as add_teacher_commands
from tutor_app.cli_teaching import add_commands, run_check, run_practice, run_progress
from tutor_app.errors import TutorError
from tutor_app.paths import AppPaths, resolve_paths
from tutor_app.tutor.solution import CAS_SAMPLE

EXIT_USER_ERROR = 2
EXIT_BUG = 70
EXIT_CLOSED_PIPE = 141  # what a shell reports for a command stopped by a closed pipe
BADGES = {
    "valid": "[verified]",
    "invalid": "[WRONG]   ",
    "unknown": "[not checked]",
    "restates": "[restates]",
}
TEACHING = {"check": run_check, "practice": run_practice, "progress": run_progress}


def build_parser() -> argparse.ArgumentParser:
    """The command-line grammar."""
    parser = argparse.ArgumentParser(prog="tutor-app", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"tutor-app {__version__}")
    parser.add_argument("--data-dir", help="keep all data here (portable mode); or $TUTOR_APP_HOME")
    parser.add_argument(
        "--database", help="keep progress in this database (a SQLAlchemy URL such as "
        "postgresql://user@host/tutor); or $TUTOR_APP_DATABASE"
    )  # fmt: skip
    parser.add_argument("--model", help="a GGUF file to use; or $TUTOR_APP_MODEL")
    parser.add_argument("--threads", type=int, help="CPU threads for the model")
    parser.add_argument("--n-ctx", type=int, default=4096, help="context size in tokens")
    parser.add_argument("--gpu-layers", type=int, default=0, help="layers to offload to a GPU")
    parser.add_argument(
        "--server", help="the class's OpenAI-compatible model server (http://host:port); "
        "or $TUTOR_APP_SERVER"
    )  # fmt: skip
    parser.add_argument("--api-key", help="the model server's API key; or $TUTOR_APP_API_KEY")
    parser.add_argument("--server-model", help="which of the server's models to use")
    commands = parser.add_subparsers(dest="command")
    solve = commands.add_parser("solve", help="solve a question step by step and check every line")
    solve.add_argument("question")
    solve.add_argument("--student", default="Guest", help="whose progress to record it under")
    solve.add_argument("--json", action="store_true", help="print one JSON object")
    solve.add_argument("--retries", type=int, default=3, help="resamples when a line is wrong")
    solve.add_argument("--seed", type=int, default=0)
    solve.add_argument("--max-tokens", type=int, default=768)
    solve.add_argument(
        "--model-first",
        action="store_true",
        help="let the starter model try before the computer algebra system's own solution",
    )
    models = commands.add_parser("models", help="list the catalogue and installed models")
    models.add_argument("--json", action="store_true")
    add_commands(commands)
    add_teacher_commands(commands)
    add_classroom_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; known problems print one line, bugs leave a crash report."""
    args = build_parser().parse_args(argv)
    paths = resolve_paths(args.data_dir, args.database)
    try:
        status = _dispatch(args, paths)
        sys.stdout.flush()  # here, so that a closed pipe is caught below and not at exit
        return status
    except TutorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("\nstopped", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # Whoever read the output went away (`tutor-app models | head -1`): stop quietly.
        _discard_stdout()
        return EXIT_CLOSED_PIPE
    except Exception:
        report = _save_crash_report(paths)
        print(
            f"error: something went wrong inside the tutor; details saved to {report}",
            file=sys.stderr,
        )
        return EXIT_BUG


def _dispatch(args: argparse.Namespace, paths: AppPaths) -> int:
    """Run the sub-command the arguments name; the window when there is none."""
    if args.command == "solve":
        return run_solve(args, paths)
    if args.command == "models":
        return run_models(args, paths)
    if args.command in TEACHING:
        return TEACHING[args.command](args, paths)
    if args.command in TEACHER:
        return TEACHER[args.command](args, paths)
    if args.command in CLASSROOM:
        return CLASSROOM[args.command](args, paths)
    from tutor_app.ui.app import run

    return run(paths, args)


def _discard_stdout() -> None:
    """Point standard output at the null device, so the final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _local_model(args: argparse.Namespace, paths: AppPaths) -> tuple[Any, Any]:
    """Load the local model the arguments choose; (the loaded model, what was chosen)."""
    from tutor_app.engine.discovery import choose_model
    from tutor_app.engine.runtime import LoadSettings, ModelWorker

    chosen = choose_model(paths, args.model)
    load = LoadSettings(args.n_ctx, args.threads, args.gpu_layers)
    return ModelWorker(chosen.path, load).load(), chosen


class _SolveModel(NamedTuple):
    """The model `solve` streams from, whether it is the starter model, and its temperature."""

    model: Any
    starter: bool = False
    temperature: float | None = None


def _solve_model(args: argparse.Namespace, paths: AppPaths) -> _SolveModel:
    """The model `solve` uses: the class's server (this computer's model if it fails), or the
    local one."""
    from tutor_app.engine.server_address import configured_server

    server = configured_server(args.server, args.api_key, args.server_model)
    if server is None:
        worker, chosen = _local_model(args, paths)
        temperature = chosen.spec.temperature if chosen.spec else None
        return _SolveModel(worker, chosen.source == "bundled", temperature)
    from tutor_app.engine.fallback import ServerWithFallback
    from tutor_app.engine.server import ServerModel

    def note(news: Any) -> None:
        print(f"note: {news.detail}", file=sys.stderr, flush=True)

    model = ServerWithFallback(
        ServerModel(server), lambda: _local_model(args, paths)[0], on_status=note
    )
    return _SolveModel(model.connect())


def run_solve(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app solve`: stream, check, print and store one worked solution."""
    from tutor_app.store.database import open_store
    from tutor_app.tutor.pipeline import solve, validate_question
    from tutor_app.tutor.recording import record_solution

    validate_question(args.question)
    paths.ensure()
    store = open_store(paths.store_location)
    store.student(args.student)
    chosen = _solve_model(args, paths)
    stop = threading.Event()
    previous = signal.signal(signal.SIGINT, lambda *_: stop.set())
    printer = _StreamPrinter(enabled=not args.json)
    try:
        solution = solve(
            args.question,
            chosen.model,
            retries=max(0, args.retries),
            seed=args.seed,
            max_tokens=args.max_tokens,
            temperature=chosen.temperature,
            on_piece=printer,
            cancelled=stop.is_set,
            cas_first=chosen.starter and not args.model_first,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
        chosen.model.close()
    attempt_id = record_solution(store, args.student, solution)
    store.close()
    if args.json:
        print(json.dumps({**solution.to_json(), "attempt_id": attempt_id}, ensure_ascii=False))
    else:
        _print_verdicts(solution)
    return 0


class _StreamPrinter:
    """Print streamed pieces, with a header when a new sample starts."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.sample = -1

    def __call__(self, sample: int, piece: str) -> None:
        if not self.enabled:
            return
        if sample == CAS_SAMPLE:
            heading = "the model's solutions had mistakes; " if self.sample >= 0 else ""
            print(f"\n\n--- {heading}worked by the computer algebra system ---\n")
            print(piece, flush=True)
            return
        if sample != self.sample:
            if sample > 0:
                print(
                    f"\n\n--- the checker found a mistake; sampling again (try {sample + 1}) ---\n"
                )
            self.sample = sample
        print(piece, end="", flush=True)


def _print_verdicts(solution: Any) -> None:
    from tutor_app.render.math_scan import readable_latex, readable_maths

    print("\n\nChecked steps:")
    for step in solution.steps:
        badge = BADGES.get(step.status, step.status)
        print(f"  {step.number:2d}. {badge} {readable_maths(step.text)}")
        if step.status == "invalid":
            print(f"        why: {readable_latex(step.reason)}")
            if step.counterexample:
                print(f"        for example: {step.counterexample}")
        elif step.status == "valid":
            print(f"        checked: {readable_latex(step.reason)}")
        if step.note:
            print(f"        note: {step.note}")

    final = readable_latex(solution.final_answer) if solution.final_answer else "(none found)"
    print(f"\nFinal answer: {final}")
    if solution.cas_answer:
        print(f"Computer algebra answer: {readable_latex(solution.cas_answer)}")
    else:
        print(f"No computer algebra answer: {solution.cas_reason}")
    print(f"Worked by: {solution.author_name}")
    samples = solution.model_samples
    print(
        f"Status: {solution.status.upper()} ({samples} model sample{'s' if samples != 1 else ''})"
    )


def run_models(args: argparse.Namespace, paths: AppPaths) -> int:
    """`tutor-app models`: the catalogue, what is installed and what fits this machine."""
    import psutil

    from tutor_app.engine.catalogue import CATALOGUE, fits_in_memory
    from tutor_app.engine.discovery import choose_model, installed_models

    available = int(psutil.virtual_memory().available)
    installed = installed_models(paths)
    chosen = choose_model(paths, args.model, available)
    rows = []
    for spec in CATALOGUE:
        files = [str(m.path) for m in installed if m.spec is spec]
        rows.append(
            {
                "key": spec.key,
                "name": spec.display_name,
                "size_gb": round(spec.size_bytes / 1e9, 2),
                "context": spec.context_length,
                "ram_needed_gb": round(spec.ram_needed_bytes / 1e9, 2),
                "fits": fits_in_memory(spec, available),
                "installed": files,
                "download": f"https://huggingface.co/{spec.hf_repo}",
            }
        )
    others = [str(m.path) for m in installed if m.spec is None]
    server = _server_offer(args)
    if args.json:
        listing = {"models": rows, "other_files": others, "chosen": str(chosen.path)}
        print(json.dumps({**listing, "server": server} if server else listing))
        return 0
    print(f"Free memory: {available / 1e9:.1f} GB. Models folder: {paths.models_dir}\n")
    for row in rows:
        fits = "fits" if row["fits"] else "too large"
        where = "installed" if row["installed"] else "not installed"
        print(
            f"  {row['name']:28s} {row['size_gb']:6.2f} GB  ctx {row['context']:>6}  "
            f"needs {row['ram_needed_gb']:5.2f} GB  {fits:9s}  {where}"
        )
    for other in others:
        print(f"  (other GGUF) {other}")
    if server and "error" in server:
        print(f"\nModel server {server['url']}: {server['error']}")
    elif server:
        print(f"\nOn the model server {server['url']}:")
        for name in server["models"]:
            print(f"  {name}")
        print(f"\nIn use: the model server; if it fails, {chosen.path} ({chosen.source})")
        return 0
    print(f"\nIn use: {chosen.path} ({chosen.source})")
    return 0


def _server_offer(args: argparse.Namespace) -> dict[str, Any] | None:
    """What the configured model server offers ({url, models} or {url, error}); None when no
    server is configured."""
    from tutor_app.engine.server import ServerModel
    from tutor_app.engine.server_address import ServerError, configured_server

    settings = configured_server(args.server, args.api_key, args.server_model)
    if settings is None:
        return None
    server = ServerModel(settings)
    try:
        return {"url": settings.url, "models": server.available_models()}
    except ServerError as exc:
        return {"url": settings.url, "error": str(exc)}
    finally:
        server.close()


def _save_crash_report(paths: AppPaths) -> str:
    """Write the traceback to the crash folder and return the file's path."""
    text = traceback.format_exc()
    try:
        paths.crash_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
        report = paths.crash_dir / f"crash-{stamp}.txt"
        report.write_text(f"tutor-app {__version__}\n{text}", encoding="utf-8")
        return str(report)
    except OSError:
        return "(could not be saved: " + text.strip().splitlines()[-1] + ")"


if __name__ == "__main__":
    sys.exit(main())
