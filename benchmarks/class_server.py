"""A class on one model server: eight students at once against one alone, and the tutor's
client against raw HTTP to the same server.

Starts a real `llama_cpp.server` (the bundled SmolLM2 unless --model) on 127.0.0.1, then:
1. one student alone, `--rounds` replies, the tutor's client (ServerModel) and raw HTTP (httpx
   reading the same stream, no tutor code) interleaved round by round with the same request;
2. eight students asking at the same moment through the tutor's client.
Prints time to first token and tokens per second (after the first token) for each, and the
ratio of the tutor's tokens per second to raw HTTP's (target: at least 0.97).

Usage: python benchmarks/class_server.py [--model PATH] [--students 8] [--rounds 10] [--tokens 160]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.model_server import ALIAS, API_KEY, ModelServer  # noqa: E402
from tutor_app.engine.discovery import bundled_model_path  # noqa: E402
from tutor_app.engine.runtime import SamplingSettings  # noqa: E402
from tutor_app.engine.server import ServerModel  # noqa: E402
from tutor_app.engine.server_address import ServerSettings  # noqa: E402

MESSAGES = [
    {"role": "system", "content": "You are a maths tutor. Explain each step on its own line."},
    {"role": "user", "content": "Explain how to solve 3x^2 - 12 = 0 and check the answer."},
]


def through_tutor(model: ServerModel, sampling: SamplingSettings) -> tuple[float, float, int]:
    """(time to first token, tokens per second after it, tokens) through the tutor's client."""
    start = time.perf_counter()
    first = last = None
    count = 0
    for _piece in model.stream_chat(MESSAGES, sampling):
        last = time.perf_counter()
        first = first or last
        count += 1
    assert first is not None and last is not None, "the server sent nothing"
    return first - start, (count - 1) / max(last - first, 1e-9), count


def through_raw_http(client: httpx.Client, sampling: SamplingSettings) -> tuple[float, float, int]:
    """The same request read with httpx alone: the floor the tutor's client is measured by."""
    body = {"model": ALIAS, "messages": MESSAGES, "max_tokens": sampling.max_tokens,
            "temperature": sampling.temperature, "top_p": sampling.top_p,
            "seed": sampling.seed, "stream": True}  # fmt: skip
    start = time.perf_counter()
    first = last = None
    count = 0
    with client.stream("POST", "/chat/completions", json=body) as response:
        for line in response.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            choices = json.loads(line[6:]).get("choices") or [{}]
            if (choices[0].get("delta") or {}).get("content"):
                last = time.perf_counter()
                first = first or last
                count += 1
    assert first is not None and last is not None, "the server sent nothing"
    return first - start, (count - 1) / max(last - first, 1e-9), count


def main() -> None:
    """Start the server, run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--students", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--tokens", type=int, default=160)
    parser.add_argument("--threads", type=int, default=2, help="the server's CPU threads")
    args = parser.parse_args()
    server = ModelServer(args.model or bundled_model_path(), threads=args.threads).start()
    settings = ServerSettings.checked(server.url, API_KEY, ALIAS, stall_seconds=600)
    sampling = SamplingSettings(seed=42, max_tokens=args.tokens, temperature=0.8)
    try:
        model = ServerModel(settings).connect()
        raw = httpx.Client(base_url=settings.url, timeout=600,
                           headers={"Authorization": f"Bearer {API_KEY}"})  # fmt: skip
        through_tutor(model, sampling)  # warm-up: the server's first prompt
        tutor, plain = [], []
        for _ in range(args.rounds):
            tutor.append(through_tutor(model, sampling))
            plain.append(through_raw_http(raw, sampling))
        raw.close()
        alone_ttft = statistics.median(r[0] for r in tutor)
        alone_tps = statistics.median(r[1] for r in tutor)
        raw_tps = statistics.median(r[1] for r in plain)
        print(f"one student alone ({args.rounds} replies, {tutor[0][2]} tokens each):")
        print(f"  tutor client: first token {alone_ttft * 1000:.0f} ms, {alone_tps:.1f} tokens/s")
        print(f"  raw HTTP:     first token {statistics.median(r[0] for r in plain) * 1000:.0f} "
              f"ms, {raw_tps:.1f} tokens/s")  # fmt: skip
        ratios = [t[1] / r[1] for t, r in zip(tutor, plain)]  # round by round, side by side
        print(
            f"  tutor / raw tokens per second: {alone_tps / raw_tps:.3f} of the medians, "
            f"{statistics.median(ratios):.3f} median of the rounds' ratios (target >= 0.97)"
        )

        results: list[tuple[float, float, int] | None] = [None] * args.students
        barrier = threading.Barrier(args.students)

        def student(index: int) -> None:
            own = ServerModel(settings).connect()
            barrier.wait()
            results[index] = through_tutor(own, sampling)
            own.close()

        started = time.perf_counter()
        threads = [threading.Thread(target=student, args=(i,)) for i in range(args.students)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        print(f"\n{args.students} students at once (wall {wall:.1f} s):")
        for index, result in enumerate(results, 1):
            assert result is not None
            print(f"  student {index}: first token {result[0]:6.2f} s, {result[1]:6.1f} tokens/s")
        ttfts = sorted(r[0] for r in results if r)
        print(f"  first token: median {statistics.median(ttfts):.2f} s, worst {ttfts[-1]:.2f} s "
              f"(alone {alone_ttft:.2f} s)")  # fmt: skip
        model.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
