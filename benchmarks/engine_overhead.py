"""Tokens per second through tutor_app.engine against raw llama-cpp-python, interleaved.

Both sides load the same GGUF with the same settings, get the same prompt tokens (rendered with
the model's own chat template), the same seed and the same length, and alternate round by
round so that machine load affects both alike. Prints tokens/s for each side, their ratio
(target >= 0.97) and the engine's time to first token.

Usage: python benchmarks/engine_overhead.py [--model PATH] [--rounds 8] [--tokens 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor_app.engine.cpu import safe_weight_buffers  # noqa: E402
from tutor_app.engine.discovery import bundled_model_path  # noqa: E402
from tutor_app.engine.runtime import LoadSettings, ModelWorker, SamplingSettings  # noqa: E402

MESSAGES = [
    {"role": "system", "content": "You are a maths tutor. Explain each step on its own line."},
    {"role": "user", "content": "Explain how to solve 3x^2 - 12 = 0 and check the answer."},
]


def main() -> None:
    """Run the interleaved comparison and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--tokens", type=int, default=200)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    from llama_cpp import Llama

    path = args.model or bundled_model_path()
    load = LoadSettings(n_ctx=2048, n_threads=args.threads)
    worker = ModelWorker(path, load).start()
    worker.wait_ready()
    with safe_weight_buffers():  # the same load as the engine's, so the comparison is fair
        raw = Llama(str(path), n_ctx=2048, n_threads=load.threads(), n_gpu_layers=0, verbose=False)
    sampling = SamplingSettings(seed=42, max_tokens=args.tokens, temperature=0.8)
    probe = worker.stream_chat(MESSAGES, sampling)
    probe.result()
    prompt_tokens = raw.tokenize(
        _rendered_prompt(worker).encode("utf-8"), add_bos=False, special=True
    )

    engine_tps, raw_tps, engine_ttft, raw_ttft = [], [], [], []
    for _ in range(args.rounds):
        start = time.perf_counter()
        generation = worker.stream_chat(MESSAGES, sampling)
        count = sum(1 for _ in generation)
        elapsed = time.perf_counter() - start
        engine_tps.append(count / elapsed)
        engine_ttft.append((generation.first_piece_at or start) - start)

        start = time.perf_counter()
        first = None
        count = 0
        for chunk in raw.create_completion(
            prompt_tokens,
            max_tokens=sampling.max_tokens,
            temperature=sampling.temperature,
            top_p=sampling.top_p,
            top_k=sampling.top_k,
            seed=sampling.seed,
            stop=["<|im_end|>"],
            stream=True,
        ):
            if chunk["choices"][0]["text"]:
                first = first or time.perf_counter()
                count += 1
        elapsed = time.perf_counter() - start
        raw_tps.append(count / elapsed)
        raw_ttft.append((first or start) - start)
    worker.close()

    e, r = statistics.median(engine_tps), statistics.median(raw_tps)
    print(
        f"model: {path.name}, threads: {load.threads()}, rounds: {args.rounds}, "
        f"tokens per reply: {probe.completion_tokens} (prompt {probe.prompt_tokens})"
    )
    for label, tps, ttft in (
        ("tutor_app.engine", e, engine_ttft),
        ("raw llama_cpp   ", r, raw_ttft),
    ):
        first = 1000 * statistics.median(ttft)
        print(f"{label} : {tps:8.1f} tokens/s (median), first token {first:6.1f} ms")
    print(f"ratio engine/raw : {e / r:.3f}  (target >= 0.97)")


def _rendered_prompt(worker: ModelWorker) -> str:
    from tutor_app.engine.prompt import render_chat

    info = worker.info
    assert info.chat_template is not None
    bos, eos = info.bos_token or "", info.eos_token or ""
    return render_chat(info.chat_template, MESSAGES, bos, eos).text


if __name__ == "__main__":
    main()
