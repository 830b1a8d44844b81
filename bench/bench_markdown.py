"""Benchmark: rendering the worst Markdown descriptions the length limit allows.

Run it with ``make bench`` (or ``.venv/bin/python bench/bench_markdown.py --runs 20``).
Each case of ``tests/core/test_rich_text.py``'s ``WORST_CASES`` (all within
``DESCRIPTION_MAX``: "[" * 9999, 5,000 nested quotes, 1,500 links...) is timed:

* render: Markdown to sanitized HTML (``rich_text.render_html``), done once when a
  description is saved;
* text: that HTML to plain text (``rich_text.html_to_text``), done when a calendar
  file or calendar link is built.

For each it prints the best and the median of ``--runs`` runs in milliseconds of CPU
time (what a worker spends; waiting for a busy machine's other processes is left
out), then the worst case of each step against the target: a few milliseconds, at
most 20 ms for the best run. Before this renderer, Python-Markdown spent 23 s of CPU
on "[" * 9999, on every view of the page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.core.rich_text import html_to_text, render_html  # noqa: E402
from tests.core.test_rich_text import WORST_CASES  # noqa: E402

TARGET_MS = 20.0


def timed(action: Callable[[], object], runs: int) -> list[float]:
    """Run ``action`` ``runs`` times; return the milliseconds of CPU time of each run."""
    samples = []
    for _ in range(runs):
        started = time.process_time()
        action()
        samples.append((time.process_time() - started) * 1000)
    return samples


def main() -> None:
    """Time every worst case and print the table and the worst of each step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    arguments = parser.parse_args()

    print(f"{'case':<36}{'chars':>7}{'render best':>13}{'median':>8}{'text best':>11}{'median':>8}")
    worst = {"render": ("", 0.0), "text": ("", 0.0)}
    for name, text in WORST_CASES.items():
        html = render_html(text)
        rendering = timed(lambda text=text: render_html(text), arguments.runs)
        reading = timed(lambda html=html: html_to_text(html), arguments.runs)
        print(
            f"{name:<36}{len(text):>7}{min(rendering):>13.2f}{statistics.median(rendering):>8.2f}"
            f"{min(reading):>11.2f}{statistics.median(reading):>8.2f}"
        )
        for step, samples in (("render", rendering), ("text", reading)):
            if min(samples) > worst[step][1]:
                worst[step] = (name, min(samples))
    for step, (name, milliseconds) in worst.items():
        verdict = "within" if milliseconds <= TARGET_MS else "OVER"
        print(
            f"worst {step}: {milliseconds:.2f} ms ({name}), {verdict} the {TARGET_MS:.0f} ms target"
        )


if __name__ == "__main__":
    main()
