"""Fuzzing the importers: broken files of every kind a user can have, from a fixed seed.

Each case is one bad file imported by ``annotator import``: the command must exit non-zero
with one line on stderr naming the file, no traceback, and store nothing of it (no
document, no annotator, no label added to the schema).
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner

from annotator import Project
from annotator.cli import main

SEED = 20261207
CASES_PER_KIND = 40
WORDS = "قال مسؤول أميركي إن اثنين من المقاتلين قتلا في سوريا أمس وفق وكالة رويترز".split()
SUFFIXES = (".txt", ".jsonl", ".conll", "")


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choices(WORDS, k=words))


def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    return rng.choice(SUFFIXES), rng.randbytes(rng.randint(1, 5000))


def truncated_utf8(rng: random.Random) -> tuple[str, bytes]:
    suffix = rng.choice(SUFFIXES)
    if suffix == ".jsonl":
        data = json.dumps({"text": sentence(rng, 40)}, ensure_ascii=False).encode()
    elif suffix == ".conll":
        data = "".join(f"{word} O\n" for word in rng.choices(WORDS, k=30)).encode()
    else:
        data = f"{sentence(rng, 6)}\n\n{sentence(rng, 60)}\n".encode()
    inside = [k for k in range(1, len(data)) if 0x80 <= data[k] <= 0xBF]  # continuation bytes
    return suffix, data[: rng.choice(inside)]


def surrogates(rng: random.Random) -> tuple[str, bytes]:
    half = rng.choice(["\\ud800", "\\udfff", "\\udc00x"])
    field = rng.choice(["text", "title", "meta", "label", "annotator", "id"])
    record: dict = {"text": sentence(rng), "spans": [{"start": 0, "end": 3, "label": "PER"}]}
    line = json.dumps(record, ensure_ascii=False)
    marker = {"text": '"text": "', "title": '"text": "', "meta": '"text": "', "label": '"label": "', "annotator": '"text": "', "id": '"text": "'}[field]
    if field in ("title", "meta", "annotator", "id"):
        key = {"title": '"title": "X', "meta": '"meta": {"k": "X', "annotator": '"annotator": "X', "id": '"id": "X'}[field]
        closing = '"}' if field == "meta" else '"'
        line = line[:-1] + ", " + key.replace("X", half) + closing + "}"
    else:
        at = line.index(marker) + len(marker)
        line = line[:at] + half + line[at:]
    if rng.random() < 0.3:  # a raw CESU-8 surrogate in a text file instead
        return ".txt", sentence(rng).encode() + b"\xed\xa0\x80\n"
    return ".jsonl", (line + "\n").encode()


def nul(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["article", "jsonl", "conll", "escaped"])
    text = sentence(rng)
    at = rng.randrange(len(text))
    broken = text[:at] + rng.choice("\x00\x01\x07\x1b\x7f\x85") + text[at:]
    if kind == "jsonl":
        return ".jsonl", (json.dumps({"text": text}, ensure_ascii=False)[:-2] + "\x00\"}\n").encode()
    if kind == "escaped":
        return ".jsonl", (json.dumps({"text": broken}, ensure_ascii=False) + "\n").encode()
    if kind == "conll":
        return ".conll", "".join(f"{word} O\n" for word in broken.split(" ")).encode()
    return ".txt", f"{sentence(rng, 5)}\n\n{broken}\n".encode()


def offsets(rng: random.Random) -> tuple[str, bytes]:
    text = sentence(rng)
    start, end = rng.choice([
        (-1, 3), (0, -5), (5, 3), (0, len(text) + 1), (10**20, 10**20 + 1), (0, 10**30),
        (-(10**18), 0), (2.5, 4), (0, "7"), (None, 3), (3, 3), (0, True),
    ])
    digits = rng.random() < 0.2  # an integer too long for Python to read
    span = f'{{"start": {"9" * 5000 if digits else json.dumps(start)}, "end": {json.dumps(end)}, "label": "PER"}}'
    line = f'{{"text": {json.dumps(text, ensure_ascii=False)}, "spans": [{span}]}}'
    return ".jsonl", (line + "\n").encode()


def deep_json(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.choice([2000, 5000, 50_000, 200_000])  # beyond what any reader nests
    shape = rng.choice(["list", "meta", "spans"])
    if shape == "list":
        line = "[" * depth + "]" * depth
    elif shape == "meta":
        line = '{"text": "نص", "meta": ' + '{"a": ' * depth + "1" + "}" * depth + "}"
    else:
        line = '{"text": "نص", "spans": ' + "[" * depth + "]" * depth + "}"
    suffix = rng.choice([".jsonl", ".txt"]) if line.startswith("{") else ".jsonl"  # a .txt of brackets is text
    return suffix, (line + "\n").encode()


def many_columns(rng: random.Random) -> tuple[str, bytes]:
    columns = rng.choice([100, 100, 60, 250])
    lines = []
    for word in rng.choices(WORDS, k=rng.randint(3, 30)):
        junk = [rng.choice(["NN", "VBD", "x", "I-", "B--", "12", "ـ", "-X-"]) for _ in range(columns - 1)]
        lines.append("\t".join([word, *junk]))
    return ".conll", ("\n".join(lines) + "\n").encode()


def mixed_encodings(rng: random.Random) -> tuple[str, bytes]:
    kind = rng.choice(["cp1256 line", "latin-1 line", "utf-16 tail", "utf-8 in utf-16"])
    head = "".join(f"{sentence(rng)}\n" for _ in range(rng.randint(2, 40))).encode()
    if kind == "cp1256 line":
        return rng.choice([".txt", ".conll"]), head + sentence(rng).encode("cp1256") + b"\n"
    if kind == "latin-1 line":
        return ".txt", head + "café déjà vu\n".encode("latin-1")
    if kind == "utf-16 tail":
        return ".txt", b"\xff\xfe" + head.decode().encode("utf-16-le") + b"\x00\xd8"  # ends in half a pair
    return ".txt", b"\xef\xbb\xbf" + head.decode().encode("utf-16-le")


KINDS: dict[str, Callable[[random.Random], tuple[str, bytes]]] = {
    "random bytes": random_bytes,
    "truncated UTF-8": truncated_utf8,
    "surrogates": surrogates,
    "NUL and control characters": nul,
    "huge and negative offsets": offsets,
    "deep JSON": deep_json,
    "100 CoNLL columns": many_columns,
    "mixed encodings": mixed_encodings,
}


@pytest.mark.parametrize("kind", KINDS)
def test_every_broken_file_is_one_line_and_stores_nothing(kind: str, project_path: Path, tmp_path: Path) -> None:
    rng = random.Random(f"{SEED}-{kind}")
    with Project(project_path) as project:
        labels = project.schema.to_json()
    for case in range(CASES_PER_KIND):
        suffix, data = KINDS[kind](rng)
        path = tmp_path / f"case-{case}{suffix}"
        path.write_bytes(data)
        result = CliRunner().invoke(main, ["import", str(project_path), str(path)])
        about = f"{kind} case {case} ({data[:60]!r}...): {result.stderr}"
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), about
        assert "Traceback" not in result.output, about
        [line] = [line for line in result.stderr.splitlines() if line != "importing"]  # a large file's progress label
        assert line.startswith(f"error: {path}"), about
        with Project(project_path) as project:
            assert (project.document_count(), project.annotators(), project.schema.to_json()) == (0, [], labels), about
