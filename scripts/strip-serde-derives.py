#!/usr/bin/env python3
"""A copy of a generated flat module with serde's derives taken out, for scripts/bench-check-cost.sh.

    strip-serde-derives.py IN.rs OUT.rs

Measures what the rest of the generated code costs to check: every `serde::Serialize` /
`serde::Deserialize` in a `#[derive(..)]` is removed, every `#[serde(..)]` attribute with it, and
each type that lost a derive gets a two-line impl of that trait returning an error, so the client
code that serializes requests and reads responses still compiles unchanged. The copy is a
measuring device only: it cannot send or read anything.

Prints how many derives it replaced. Exits 1 when it finds none (the input is not what it
expects, e.g. a module split by tag).
"""

import re
import sys

DERIVE = re.compile(r"^#\[derive\((?P<traits>[^)]*)\)\]$")
TYPE = re.compile(r"^pub (?:struct|enum) (?P<name>\w+)")
# A `#[serde(..)]` attribute, possibly over several lines: string literals may hold parentheses,
# and one level of nested parentheses occurs (`rename(serialize = "..")`).
SERDE_ATTRIBUTE = re.compile(
    r'[ \t]*#\[serde\((?:[^()"]|"(?:[^"\\]|\\.)*"|\((?:[^()"]|"(?:[^"\\]|\\.)*")*\))*\)\]\n'
)
SERIALIZE = (
    "impl ::oagen_runtime::serde::Serialize for {name} {{ fn serialize<S: ::oagen_runtime::serde::Serializer>"
    "(&self, _: S) -> Result<S::Ok, S::Error> {{ Err(::oagen_runtime::serde::ser::Error::custom(\"not measured\")) }} }}"
)
DESERIALIZE = (
    "impl<'de> ::oagen_runtime::serde::Deserialize<'de> for {name} {{ fn deserialize<D: ::oagen_runtime::serde::Deserializer<'de>>"
    "(_: D) -> Result<Self, D::Error> {{ Err(::oagen_runtime::serde::de::Error::custom(\"not measured\")) }} }}"
)


def strip(text):
    lines = []
    impls = []
    # The serde traits the next type declaration lost.
    lost = []
    for line in text.split("\n"):
        derive = DERIVE.match(line)
        if derive:
            traits = [t.strip() for t in derive["traits"].split(",")]
            lost = [t for t in traits if t in ("serde::Serialize", "serde::Deserialize")]
            kept = [t for t in traits if t not in lost]
            line = "#[derive({})]".format(", ".join(kept)) if kept else ""
        declaration = TYPE.match(line)
        if declaration and lost:
            name = declaration["name"]
            if "serde::Serialize" in lost:
                impls.append(SERIALIZE.format(name=name))
            if "serde::Deserialize" in lost:
                impls.append(DESERIALIZE.format(name=name))
            lost = []
        lines.append(line)
    stripped = SERDE_ATTRIBUTE.sub("", "\n".join(lines))
    return stripped + "\n" + "\n".join(impls) + "\n", len(impls)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as source:
        stripped, replaced = strip(source.read())
    if replaced == 0:
        print(f"{sys.argv[1]}: no serde derive found", file=sys.stderr)
        sys.exit(1)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write(stripped)
    print(replaced)


if __name__ == "__main__":
    main()
