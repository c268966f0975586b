"""The label schema: entity labels and frame types, read from a TOML file.

The file format is documented at the top of ``resources/schema/news.toml``. A schema is
validated when read (duplicate labels, bad colours, clashing shortcuts, slots naming
unknown frames...) and stored inside the project as JSON, so a project keeps working
when the file changes. Labels that only fill frame slots (CUE, SPEAKER...) need not be
declared; they become *slot labels* drawn in their frame's colour.
"""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from annotator.colors import PALETTE
from annotator.errors import SchemaError
from annotator.locations import RESOURCES

DEFAULT_SCHEMA_PATH = RESOURCES / "schema" / "news.toml"

ATTRIBUTE_TYPES = ("int", "enum", "bool", "text", "date")
_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


@dataclass(frozen=True)
class Label:
    name: str
    en: str
    ar: str
    color: str
    key: str = ""
    kind: str = "entity"
    """"entity" for declared labels, "slot" for labels that only fill frame slots."""
    guideline: str = ""
    """How to annotate it, in Markdown, as the schema's author wrote it (Arabic, English)."""
    examples: tuple[str, ...] = ()

    def guide(self) -> str:
        """Its guideline and examples as one Markdown text (empty when it has none)."""
        return guide_markdown(f"{self.name} · {self.en} · {self.ar}", self.guideline, self.examples)


@dataclass(frozen=True)
class SlotType:
    name: str
    labels: tuple[str, ...]
    en: str = ""
    ar: str = ""
    frames: tuple[str, ...] = ()
    required: bool = False
    many: bool = False
    key: str = ""
    guideline: str = ""
    """How to fill it, in Markdown."""
    examples: tuple[str, ...] = ()

    def guide(self) -> str:
        """Its guideline and examples as one Markdown text (empty when it has none)."""
        return guide_markdown(f"{self.name} · {self.en} · {self.ar}", self.guideline, self.examples)

    @property
    def default_label(self) -> str:
        """The label of a span created to fill this slot."""
        return self.labels[0]


@dataclass(frozen=True)
class AttributeType:
    name: str
    type: str
    choices: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class FrameType:
    name: str
    en: str
    ar: str
    color: str
    key: str
    anchor: str
    slots: tuple[SlotType, ...]
    attributes: tuple[AttributeType, ...] = ()

    def slot(self, name: str) -> SlotType:
        for slot in self.slots:
            if slot.name == name:
                return slot
        raise SchemaError(f"frame {self.name} has no slot {name!r}")

    def attribute(self, name: str) -> AttributeType:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        raise SchemaError(f"frame {self.name} has no attribute {name!r}")


PROCLITIC_CONVENTIONS = ("outside", "inside")


@dataclass(frozen=True)
class Schema:
    name: str
    labels: tuple[Label, ...]
    frames: tuple[FrameType, ...] = ()
    proclitics: str = "outside"
    """Where a word's proclitics (و ف ب ك ل, not the article) stand relative to an entity
    span starting on that word: ``outside`` (the workbench's snapping) or ``inside`` (as
    token-level corpora such as Wojood often have them); ``annotator conventions`` moves
    spans to it."""
    _by_name: Mapping[str, Label] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {label.name: label for label in self.labels})

    @property
    def entity_labels(self) -> tuple[Label, ...]:
        return tuple(label for label in self.labels if label.kind == "entity")

    def has_label(self, name: str) -> bool:
        return name in self._by_name

    def label(self, name: str) -> Label:
        try:
            return self._by_name[name]
        except KeyError:
            raise SchemaError(f"label {name!r} is not in the schema") from None

    def frame(self, name: str) -> FrameType:
        for frame in self.frames:
            if frame.name == name:
                return frame
        raise SchemaError(f"frame type {name!r} is not in the schema")

    def label_problem(self, name: str) -> str | None:
        """Why ``name`` cannot be added as a label (None if it can): the rule the stored
        copy is read with, checked where labels enter (import, merge) so that no file
        can store a schema that would lock the project."""
        problem = name_problem(name)
        if problem is None and any(frame.name == name for frame in self.frames):
            problem = f"{name!r} is the name of a frame"
        return problem

    def with_labels(self, names: Iterable[str]) -> "Schema":
        """This schema plus entity labels for ``names`` it lacks (tags met in imported files);
        a name that cannot be a label raises ``SchemaError``."""
        missing = [name for name in dict.fromkeys(names) if not self.has_label(name)]
        if not missing:
            return self
        for name in missing:
            problem = self.label_problem(name)
            if problem is not None:
                raise SchemaError(f"label {name!r}: {problem}")
        taken = len(self.labels)
        added = tuple(
            Label(name, name, name, PALETTE[(taken + i) % len(PALETTE)])
            for i, name in enumerate(missing)
        )
        return replace(self, labels=self.labels + added)

    def to_json(self) -> str:
        return json.dumps(_schema_to_dict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "Schema":
        return parse_schema(json.loads(text), "stored schema", declared_only=True)


NAME_LIMIT = 100
"""The most characters a name may have (every report line shows it whole)."""


def name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a label, frame, slot, attribute or annotator (None if it
    can): it must be a non-empty string of at most ``NAME_LIMIT`` characters without
    whitespace of any kind (a tab, a no-break space, U+2028) or control characters, which
    CoNLL columns, shortcuts and the one-word names of the CLI cannot carry, nor invisible
    format characters (a zero-width joiner, a right-to-left override), with which two
    names that look alike differ, or a report line is shown reordered."""
    if not isinstance(name, str) or not name:
        return "a name must be a non-empty string"
    if len(name) > NAME_LIMIT:
        return f"name {name[:20]!r}… has {len(name)} characters; a name has at most {NAME_LIMIT}"
    for character in name:
        if not_in_names(character):
            what = " ".join(("", unicodedata.name(character, ""))).rstrip()
            return f"name {name!r} must not contain spaces, control or format characters (it holds U+{ord(character):04X}{what})"
    return None


def not_in_names(character: str) -> bool:
    """Whether ``name_problem`` refuses ``character`` in a name."""
    return character.isspace() or unicodedata.category(character) in ("Cc", "Cf")


def load_schema(path: str | Path = DEFAULT_SCHEMA_PATH) -> Schema:
    """Read and validate a schema file; errors name the file and the field."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))  # an editor's BOM is no error
    except FileNotFoundError:
        raise SchemaError(f"{path}: no such schema file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SchemaError(f"{path}: not a valid TOML file: {error}") from None
    except RecursionError:
        raise SchemaError(f"{path}: not a valid TOML file: nested too deeply to read") from None
    _refuse_unknown_fields(data, str(path))
    return parse_schema(data, str(path))


FIELDS = {
    "": ("name", "version", "proclitics", "labels", "frames"),
    "labels": ("name", "en", "ar", "color", "key", "kind", "guideline", "examples"),
    "frames": ("name", "en", "ar", "color", "key", "anchor", "slots", "attributes"),
    "slots": ("name", "labels", "en", "ar", "frames", "required", "many", "key", "guideline", "examples"),
    "attributes": ("name", "type", "choices", "default"),
}
"""The fields of a schema file's top level and of each kind of table in it."""


def _refuse_unknown_fields(data: Mapping[str, Any], where: str) -> None:
    """Refuse a field the schema does not have: TOML puts a key written after a table's
    header into that table (``proclitics = "inside"`` below a ``[[labels]]`` entry, or
    ``frames = {...}``), where it would be silently ignored."""
    def check(table: Any, kind: str, at: str) -> None:
        if not isinstance(table, Mapping):
            return
        unknown = [key for key in table if key not in FIELDS[kind]]
        if unknown:
            raise SchemaError(f"{where}: {at or 'top level'}: unknown field {unknown[0]!r} (fields: {', '.join(FIELDS[kind])})")
        for child in {"": ("labels", "frames"), "frames": ("slots", "attributes")}.get(kind, ()):
            items = table.get(child)
            for i, item in enumerate(items if isinstance(items, list) else []):
                check(item, child, f"{at} {child}[{i}]".strip())
    check(data, "", "")


def default_schema() -> Schema:
    return load_schema(DEFAULT_SCHEMA_PATH)


def parse_schema(data: Mapping[str, Any], where: str, *, declared_only: bool = False) -> Schema:
    """Validate a schema given as plain data (from TOML or from the project's JSON copy).

    ``declared_only`` is set for the stored copy, whose label list already holds the slot
    labels, so they are not derived a second time.
    """
    raw_labels = data.get("labels", [])
    if not isinstance(raw_labels, list) or not raw_labels:
        raise SchemaError(f"{where}: needs at least one [[labels]] entry")
    labels = [_parse_label(raw, f"{where}: labels[{i}]") for i, raw in enumerate(raw_labels)]
    frames = [_parse_frame(raw, f"{where}: frames[{i}]") for i, raw in enumerate(_tables(data, "frames", where))]

    _refuse_duplicates([label.name for label in labels], f"{where}: duplicate label")
    _refuse_duplicates([frame.name for frame in frames], f"{where}: duplicate frame")
    global_keys = [(label.key, label.name) for label in labels if label.key]
    global_keys += [(frame.key, frame.name) for frame in frames if frame.key]
    _refuse_clashing_keys(global_keys, where)

    frame_names = {frame.name for frame in frames}
    known = {label.name for label in labels}
    for frame in frames:
        for slot in frame.slots:
            for target in slot.frames:
                if target not in frame_names:
                    raise SchemaError(f"{where}: frame {frame.name} slot {slot.name} names unknown frame {target!r}")
        if not declared_only:
            for slot in frame.slots:
                for name in slot.labels:
                    if name not in known:
                        labels.append(Label(name, slot.en or name, slot.ar or name, frame.color, "", "slot"))
                        known.add(name)
    if not declared_only:
        missing = [name for frame in frames for slot in frame.slots for name in slot.labels if name not in known]
        if missing:
            raise SchemaError(f"{where}: slot label {missing[0]!r} is not declared")
    clash = known & frame_names
    if clash:
        raise SchemaError(f"{where}: {sorted(clash)[0]!r} is both a label and a frame")
    proclitics = data.get("proclitics", "outside")
    if proclitics not in PROCLITIC_CONVENTIONS:
        raise SchemaError(f"{where}: proclitics {proclitics!r} must be one of {', '.join(PROCLITIC_CONVENTIONS)}")
    return Schema(str(data.get("name", "schema")), tuple(labels), tuple(frames), proclitics)


def guide_markdown(title: str, guideline: str, examples: Sequence[str]) -> str:
    """A heading, the guideline and its examples as a list, in Markdown; empty without
    guideline and examples (the workbench then shows nothing)."""
    if not guideline.strip() and not examples:
        return ""
    parts = [f"### {title}", guideline.strip()]
    if examples:
        parts.append("Examples:\n\n" + "\n".join(f"- {example}" for example in examples))
    return "\n\n".join(part for part in parts if part) + "\n"


def whole_guide(schema: Schema) -> str:
    """Every entity label's guide, then each frame type's slots, as one Markdown text."""
    parts = [label.guide() for label in schema.entity_labels]
    for frame in schema.frames:
        slots = [slot.guide() for slot in frame.slots]
        if any(slots):
            parts.append(f"## {frame.en} · {frame.ar}\n")
            parts += slots
    found = [part for part in parts if part]
    return "\n".join(found) if found else "This schema has no guidelines yet: add `guideline` and `examples` to its labels and slots."


def guide_of(schema: Schema, label: str) -> str:
    """The guide of a label, or of the frame slots it fills (a CUE span: the CUE slot)."""
    if schema.has_label(label) and schema.label(label).guide():
        return schema.label(label).guide()
    return "\n".join(dict.fromkeys(s.guide() for f in schema.frames for s in f.slots if label in s.labels[:1] and s.guide()))


def _guidance(raw: Mapping[str, Any], where: str) -> dict[str, Any]:
    """A label's or slot's ``guideline`` (Markdown text) and ``examples`` (a list of texts)."""
    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) and e.strip() for e in examples):
        raise SchemaError(f"{where}: 'examples' must be a list of non-empty strings")
    return {"guideline": _text(raw, "guideline", where, default=""), "examples": tuple(examples)}


def _text(raw: Mapping[str, Any], key: str, where: str, *, default: str | None = None) -> str:
    value = raw.get(key, default)
    if not isinstance(value, str) or (default is None and not value.strip()):
        raise SchemaError(f"{where}: field {key!r} must be a non-empty string")
    return value


def _tables(raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
    """A list of tables (``[[frames]]``, ``[[frames.slots]]``...); ``slots = 5`` is refused."""
    value = raw.get(key, [])
    if not isinstance(value, list):
        raise SchemaError(f"{where}: {key!r} must be a list of tables ([[{key}]]), not {type(value).__name__}")
    return value


def _parse_name(raw: Any, where: str) -> str:
    """The ``name`` of a table of the schema (a label, frame, slot or attribute)."""
    if not isinstance(raw, Mapping):
        raise SchemaError(f"{where}: must be a table")
    name = _text(raw, "name", where)
    problem = name_problem(name)
    if problem is not None:
        raise SchemaError(f"{where}: {problem}")
    return name


def _parse_color(raw: Mapping[str, Any], where: str) -> str:
    color = _text(raw, "color", where)
    if not _COLOR.match(color):
        raise SchemaError(f"{where}: colour {color!r} is not of the form #RRGGBB")
    return color.lower()


def _parse_label(raw: Any, where: str) -> Label:
    name = _parse_name(raw, where)
    kind = raw.get("kind", "entity")
    if kind not in ("entity", "slot"):
        raise SchemaError(f"{where}: kind {kind!r} must be 'entity' or 'slot'")
    return Label(name=name, **_appearance(raw, where, name), kind=kind, **_guidance(raw, where))


def _appearance(raw: Any, where: str, name: str) -> dict[str, str]:
    """What labels and frame types show: English and Arabic names (the name by default),
    colour and key."""
    return {
        "en": _text(raw, "en", where, default=name),
        "ar": _text(raw, "ar", where, default=name),
        "color": _parse_color(raw, where),
        "key": _text(raw, "key", where, default=""),
    }


def _parse_frame(raw: Any, where: str) -> FrameType:
    name = _parse_name(raw, where)
    slots = tuple(_parse_slot(s, f"{where} ({name}) slots[{i}]") for i, s in enumerate(_tables(raw, "slots", where)))
    if not slots:
        raise SchemaError(f"{where} ({name}): needs at least one slot")
    _refuse_duplicates([slot.name for slot in slots], f"{where} ({name}): duplicate slot")
    _refuse_clashing_keys([(slot.key, slot.name) for slot in slots if slot.key], f"{where} ({name})")
    attributes = tuple(
        _parse_attribute(a, f"{where} ({name}) attributes[{i}]") for i, a in enumerate(_tables(raw, "attributes", where))
    )
    _refuse_duplicates([a.name for a in attributes], f"{where} ({name}): duplicate attribute")
    anchor = _text(raw, "anchor", where, default=slots[0].name)
    if anchor not in {slot.name for slot in slots}:
        raise SchemaError(f"{where} ({name}): anchor {anchor!r} is not one of its slots")
    return FrameType(
        name=name,
        **_appearance(raw, where, name),
        anchor=anchor,
        slots=slots,
        attributes=attributes,
    )


def _parse_slot(raw: Any, where: str) -> SlotType:
    name = _parse_name(raw, where)
    labels = raw.get("labels", [name])
    if not isinstance(labels, list) or not labels or not all(isinstance(x, str) and x for x in labels):
        raise SchemaError(f"{where}: 'labels' must be a non-empty list of label names")
    for label in labels:
        problem = name_problem(label)
        if problem is not None:
            raise SchemaError(f"{where}: label {problem}")
    frames = raw.get("frames", [])
    if not isinstance(frames, list) or not all(isinstance(x, str) for x in frames):
        raise SchemaError(f"{where}: 'frames' must be a list of frame names")
    for flag in ("required", "many"):
        if not isinstance(raw.get(flag, False), bool):
            raise SchemaError(f"{where}: {flag!r} must be true or false")
    return SlotType(
        name=name,
        labels=tuple(labels),
        en=_text(raw, "en", where, default=name),
        ar=_text(raw, "ar", where, default=name),
        frames=tuple(frames),
        required=raw.get("required", False),
        many=raw.get("many", False),
        key=_text(raw, "key", where, default=""),
        **_guidance(raw, where),
    )


def _parse_attribute(raw: Any, where: str) -> AttributeType:
    name = _parse_name(raw, where)
    kind = raw.get("type")
    if kind not in ATTRIBUTE_TYPES:
        raise SchemaError(f"{where}: type {kind!r} must be one of {', '.join(ATTRIBUTE_TYPES)}")
    choices = raw.get("choices", [])
    if kind == "enum" and (
        not isinstance(choices, list) or not choices or not all(isinstance(c, str) and c for c in choices)
    ):
        raise SchemaError(f"{where}: an enum needs a non-empty 'choices' list of strings")
    attribute = AttributeType(name, kind, tuple(choices) if kind == "enum" else (), raw.get("default"))
    if attribute.default is not None:
        problem = value_problem(attribute, attribute.default)
        if problem is not None:
            raise SchemaError(f"{where}: default {problem}")
    return attribute


def _refuse_duplicates(names: list[str], message: str) -> None:
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise SchemaError(f"{message} {name!r}")
        seen.add(name)


def _refuse_clashing_keys(keys: list[tuple[str, str]], where: str) -> None:
    owner: dict[str, str] = {}
    for key, name in keys:
        folded = key.lower() if len(key) == 1 else key
        if folded in owner:
            raise SchemaError(f"{where}: shortcut {key!r} of {name} clashes with {owner[folded]}")
        owner[folded] = name


def _schema_to_dict(schema: Schema) -> dict[str, Any]:
    return {
        "name": schema.name,
        "proclitics": schema.proclitics,
        "labels": [
            {"name": l.name, "en": l.en, "ar": l.ar, "color": l.color, "key": l.key, "kind": l.kind,
             "guideline": l.guideline, "examples": list(l.examples)}
            for l in schema.labels
        ],
        "frames": [
            {
                "name": f.name, "en": f.en, "ar": f.ar, "color": f.color, "key": f.key, "anchor": f.anchor,
                "slots": [
                    {"name": s.name, "labels": list(s.labels), "en": s.en, "ar": s.ar, "frames": list(s.frames),
                     "required": s.required, "many": s.many, "key": s.key, "guideline": s.guideline, "examples": list(s.examples)}
                    for s in f.slots
                ],
                "attributes": [
                    {"name": a.name, "type": a.type, "choices": list(a.choices), "default": a.default}
                    for a in f.attributes
                ],
            }
            for f in schema.frames
        ],
    }


def value_problem(attribute: AttributeType, value: Any) -> str | None:
    """Why ``value`` is not of the attribute's type (None if it is)."""
    ok = {
        "int": isinstance(value, int) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "enum": isinstance(value, str) and value in attribute.choices,
        "text": isinstance(value, str),
        "date": isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value) is not None,
    }[attribute.type]
    if ok:
        return None
    expected = f"one of {', '.join(attribute.choices)}" if attribute.type == "enum" else f"a {attribute.type}"
    if attribute.type == "date":
        expected = "a date YYYY, YYYY-MM or YYYY-MM-DD"
    return f"{value!r} is not {expected}"


def check_attributes(frame: FrameType, attributes: Mapping[str, Any]) -> dict[str, Any]:
    """Validate frame attributes against their declared types; returns them with defaults filled."""
    checked: dict[str, Any] = {}
    for name, value in attributes.items():
        attribute = frame.attribute(name)
        problem = None if value is None else value_problem(attribute, value)
        if problem is not None:
            raise SchemaError(f"{frame.name} attribute {name}: {problem}")
        checked[name] = value
    for attribute in frame.attributes:
        if attribute.name not in checked and attribute.default is not None:
            checked[attribute.name] = attribute.default
    return checked
