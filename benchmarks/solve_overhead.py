"""How much time `solve` spends checking beyond generating, and the time to first token.

Part 1 runs the real pipeline (real model, real checker) on a few questions and reports, per
sample, generation time, checking time and their ratio. Part 2 checks a fixed, fully checkable
10-step worked solution and compares that with the time the same model takes to generate that
many tokens (measured in the same run). Target: checking under 10% of generation time.

Usage: python benchmarks/solve_overhead.py [--model PATH] [--repeats 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor_app import verify  # noqa: E402
from tutor_app.engine.discovery import bundled_model_path  # noqa: E402
from tutor_app.engine.runtime import LoadSettings, ModelWorker, SamplingSettings  # noqa: E402
from tutor_app.tutor.checking import check_lines  # noqa: E402
from tutor_app.tutor.lines import split_steps  # noqa: E402
from tutor_app.tutor.pipeline import solve  # noqa: E402

QUESTIONS = ["Solve 2x + 3 = 7", "Solve 5x - 4 = 3x + 8", "Expand (x+2)(x-3)", "What is 15*4 - 7?"]

TEN_STEPS = r"""We start from the equation $3(x + 4) - 2 = 5x - 6$.
Expand the bracket: $3x + 12 - 2 = 5x - 6$
Collect the numbers on the left: $3x + 10 = 5x - 6$
Subtract $3x$ from both sides: $10 = 2x - 6$
Add 6 to both sides: $16 = 2x$
Swap the sides: $2x = 16$
Divide both sides by 2: $x = 8$
Check the left side: $3(8 + 4) - 2 = 34$
Check the right side: $5 \cdot 8 - 6 = 34$
Both sides agree, so \boxed{x = 8}"""


def main() -> None:
    """Run both parts and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    verify.warm_up()
    worker = ModelWorker(args.model or bundled_model_path(), LoadSettings(n_ctx=2048)).start()
    worker.wait_ready()

    print("Part 1: the real pipeline, one sample per question")
    ratios = []
    for question in QUESTIONS:
        solution = solve(question, worker, retries=0, max_tokens=400)
        sample = solution.samples[0]
        ratio = sample.checking_seconds / max(sample.generation_seconds, 1e-9)
        ratios.append(ratio)
        checked = sum(s.status != "unknown" for s in sample.steps)
        print(
            f"  {question:28s} {len(sample.steps):2d} lines ({checked} decided), "
            f"{sample.tokens:3d} tokens: generate {sample.generation_seconds:6.2f} s, "
            f"check {1000 * sample.checking_seconds:7.1f} ms = {100 * ratio:5.2f}%"
        )

    print("Part 2: a fully checkable 10-step solution")
    steps = split_steps(TEN_STEPS)
    check_times = []
    for _ in range(args.repeats):
        start = time.perf_counter()
        verdicts = check_lines(steps, "equation", "3(x + 4) - 2 = 5x - 6")
        check_times.append(time.perf_counter() - start)
    statuses = [v.status for v in verdicts]
    messages = [{"role": "user", "content": "Repeat this text exactly:\n" + TEN_STEPS}]
    tokens = len(TEN_STEPS) // 3
    gen_times, generated = [], 0
    for seed in range(args.repeats):
        generation = worker.stream_chat(messages, SamplingSettings(seed=seed, max_tokens=tokens))
        start = time.perf_counter()
        generated = sum(1 for _ in generation)
        gen_times.append((time.perf_counter() - start) * tokens / max(generated, 1))
    worker.close()
    check, gen = statistics.median(check_times), statistics.median(gen_times)
    print(f"  verdicts: {statuses}")
    print(f"  checking the 10 lines: {1000 * check:.1f} ms (median of {args.repeats})")
    print(f"  generating ~{tokens} tokens with this model: {gen:.2f} s")
    print(f"  checking / generation: {100 * check / gen:.2f}%  (target < 10%)")
    print(f"Part 1 median ratio: {100 * statistics.median(ratios):.2f}%")


if __name__ == "__main__":
    main()
