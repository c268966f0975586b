"""Peak memory of work run in a child process, as the benchmarks measure it.

``peak_rss_mb(code, *args)`` runs ``code`` in a fresh Python (``sys.argv[1:]`` are
``args``) and returns the child's peak resident set size in MiB (``ru_maxrss`` of
``RUSAGE_CHILDREN``, which holds only that child's), so the benchmark's own data, built
in the parent, does not count.
"""

from __future__ import annotations

import subprocess
import sys


def peak_rss_mb(code: str, *args: str) -> float:
    """Peak RSS in MiB of ``python -c code args...``; the child must exit 0."""
    script = (
        code
        + "\nimport resource, sys\n"
        + "print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"the measured child failed:\n{result.stderr}")
    line = next(line for line in result.stderr.splitlines() if line.startswith("peak_kib "))
    return int(line.split()[1]) / 1024
