"""Server benchmark: a team annotating one project on PostgreSQL at once.

On a local PostgreSQL (``ANNOTATOR_TEST_POSTGRES``, else a throwaway cluster started
with ``initdb`` by the tests' own helper, ``tests/pg_server.py``), the lead creates a
project, imports articles and adds ``ANNOTATORS`` annotators as login roles
(``annotator team add``), so row-level security is on as in real use. Then one process
per annotator, each connected as its own role, adds spans to its own documents through
``Project.add_span`` for 30 seconds (a span every ``PACE`` seconds on average, with
random pauses as people's are, several times a quick annotator's pace: the team writes
40 spans a second), timing each call: the whole transaction, write lock, undo step and
commit included.

Afterwards the lead counts every annotator's spans in the database: ``lost_writes`` is
how many spans the processes were told were stored but are not there (must be 0), and
``server_add_span_p95_ms`` the 95th percentile of all calls (target under 50 ms).

In the same run the same JSONL file of ``ARTICLES`` articles is imported into a new
server project and into a new project file: ``import_vs_sqlite`` is the server's
documents per second over the file's (target at least 0.3).

    python bench/server_bench.py            # 20 annotators for 30 s; 5,000 articles
    python bench/server_bench.py --quick    # 20 annotators for 5 s; 500 articles; under 30 s
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from import_bench import time_import, write_articles  # noqa: E402

from annotator import Project  # noqa: E402
from annotator.connections import as_user  # noqa: E402
from tests.pg_server import Databases, server_url  # noqa: E402

ANNOTATORS = 20
DOCUMENTS_EACH = 3
PACE = 0.5


def annotate(url: str, name: str, documents: list[tuple[str, int]], ready: Any, seconds: float, results: Any) -> None:
    """One annotator's process: once every process is connected, spans on its own
    documents for ``seconds``, one every ``PACE`` seconds; puts ``(name, spans stored,
    milliseconds per call, errors)`` on ``results``."""
    latencies: list[float] = []
    errors: list[str] = []
    stored = 0
    pauses = random.Random(name)
    with Project(url) as project:
        ready.wait()
        deadline = time.perf_counter() + seconds
        n = 0
        time.sleep(pauses.uniform(0, PACE))  # people do not start in step
        while time.perf_counter() < deadline:
            document_id, length = documents[n % len(documents)]
            start = 2 * (n // len(documents)) % (length - 1)
            began = time.perf_counter()
            try:
                project.add_span(document_id, name, start, start + 1, "PER")
                stored += 1
            except Exception as error:  # counted and shown: a refused write is no lost write
                errors.append(str(error))
            latencies.append((time.perf_counter() - began) * 1000)
            n += 1
            time.sleep(max(0.0, began + pauses.expovariate(1 / PACE) - time.perf_counter()))
    results.put((name, stored, latencies, errors))


def team_session(url: str, seconds: float) -> tuple[float, int, int, list[str]]:
    """The annotating part: ``(p95 ms, spans stored per the processes, lost, errors)``."""
    names = [f"bench_annotator_{k:02}" for k in range(ANNOTATORS)]
    with Project(url) as lead:
        ids = lead.document_ids()
        plan = {name: [(d, len(lead.document(d).text)) for d in ids[k * DOCUMENTS_EACH : (k + 1) * DOCUMENTS_EACH]]
                for k, name in enumerate(names)}
        for name in names:
            lead.add_team_member(name, curator=False)
    context = multiprocessing.get_context("spawn")
    ready, results = context.Barrier(ANNOTATORS), context.Queue()
    processes = [context.Process(target=annotate, args=(as_user(url, name), name, plan[name], ready, seconds, results))
                 for name in names]
    for process in processes:
        process.start()
    reports = {name: (stored, latencies, errors) for name, stored, latencies, errors in (results.get() for _ in names)}
    for process in processes:
        process.join()
    with Project(url) as lead:
        counted = {name: sum(len(lead.spans(d, name)) for d, _ in plan[name]) for name in names}
    stored = sum(report[0] for report in reports.values())
    lost = sum(max(0, reports[name][0] - counted[name]) for name in names)
    latencies = [ms for report in reports.values() for ms in report[1]]
    errors = [error for report in reports.values() for error in report[2]]
    return statistics.quantiles(latencies, n=20)[18], stored, lost, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 s of annotating, 500 articles (under 30 s)")
    args = parser.parse_args()
    seconds, count = (5.0, 500) if args.quick else (30.0, 5000)
    servers = server_url()
    url = next(servers)
    if url is None:
        sys.exit("no PostgreSQL: set ANNOTATOR_TEST_POSTGRES or install PostgreSQL (initdb)")
    try:
        databases = Databases(url)
        try:
            with tempfile.TemporaryDirectory() as tmp:
                folder = Path(tmp) / "articles"
                folder.mkdir()
                articles = write_articles(folder, count, 500)
                on_file = time_import(articles, str(Path(tmp) / "news.db"), count)
                team_url = databases.new(project=False)
                on_server = time_import(articles, team_url, count)
                p95, stored, lost, errors = team_session(team_url, seconds)
        finally:
            databases.close()
    finally:
        next(servers, None)
    print(f"annotators: {ANNOTATORS}")
    print(f"seconds: {seconds:.0f}")
    print(f"spans_stored: {stored}")
    print(f"refused_or_failed_calls: {len(errors)}" + (f" (first: {errors[0]})" if errors else ""))
    print(f"articles: {count}")
    print(f"sqlite_import_docs_per_second: {count / on_file:.0f}")
    print(f"server_import_docs_per_second: {count / on_server:.0f}")
    print(f"server_add_span_p95_ms: {p95:.1f}")
    print(f"lost_writes: {lost}")
    print(f"import_vs_sqlite: {on_file / on_server:.2f}")


if __name__ == "__main__":
    main()
