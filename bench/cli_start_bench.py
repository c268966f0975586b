"""How long the command line takes to start: what a user waits for before any work.

Times whole processes, as a shell runs them: ``annotator --help``, ``annotator count
"أكثر من مئة"`` and, for what loading the whole package would cost, a Python that
imports every command's module; the baseline is a bare ``python -c pass`` timed in the
same run. Each figure is the median of its runs (7, or 3 with ``--quick``), in seconds.

    python bench/cli_start_bench.py            # target: cli_help_s and cli_count_s under 0.3
    python bench/cli_start_bench.py --quick    # under 10 s
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

CLI = "import sys; from annotator.cli import main; sys.argv[0] = 'annotator'; main()"
EVERY_COMMAND = (
    "import importlib, pkgutil, annotator.cli\n"
    "for module in pkgutil.iter_modules(annotator.cli.__path__): importlib.import_module(f'annotator.cli.{module.name}')"
)


def seconds(args: list[str], runs: int) -> float:
    """Median wall time of running ``python args`` to its end, output discarded."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="3 runs of each instead of 7")
    runs = 3 if parser.parse_args().quick else 7
    bare = seconds(["-c", "pass"], runs)
    every = seconds(["-c", EVERY_COMMAND], runs)
    help_s = seconds(["-c", CLI, "--help"], runs)
    count_s = seconds(["-c", CLI, "count", "أكثر من مئة"], runs)
    print(f"bare_python_s: {bare:.3f}")
    print(f"every_command_module_s: {every:.3f}")
    print(f"cli_help_s: {help_s:.3f}")
    print(f"cli_count_s: {count_s:.3f}")


if __name__ == "__main__":
    main()
