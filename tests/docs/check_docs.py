#!/usr/bin/env python3
"""Tests for the documentation (README.md and docs/), run by ctest as docs.*:

  links      every relative link in README.md and docs/ names a file that exists (and, with a
             #fragment, a heading in it)
  reference  every `gradebox` subcommand that `gradebox --help` lists has a reference heading
             ("### `gradebox <command> ...`") in docs/reference/
  man        every `gradebox` subcommand has its page gradebox-<command>.1 in the build's man
             folder, and every page there renders with groff without a warning
  runnable   every ```sh runnable block of one Markdown file runs and exits 0, in order, each in
             a fresh bash (-e -o pipefail) whose cwd is a scratch folder holding a clean copy of
             examples/ and whose PATH starts with the built gradebox tools; a block sees the
             files earlier blocks left, not their shell state

Usage: check_docs.py --source-dir DIR links
       check_docs.py --source-dir DIR reference --gradebox PATH
       check_docs.py --source-dir DIR man --gradebox PATH --man-dir DIR
       check_docs.py --source-dir DIR runnable FILE.md --tool NAME=PATH ...
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FENCE = re.compile(r"^```(\S*)(.*)$")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
# Folders a demo run or a developer may leave in examples/course; a doc always starts without them.
GENERATED = ("release", "autograded", "feedback", "records", ".gradebox")


def markdown_files(source: Path):
    return [source / "README.md"] + sorted((source / "docs").rglob("*.md"))


def heading_anchor(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path):
    return {heading_anchor(line.lstrip("#")) for line in outside_code(path) if line.startswith("#")}


def outside_code_numbered(path: Path):
    """(line number, line) of the lines outside fenced code blocks."""
    in_code = False
    for number, line in enumerate(path.read_text().splitlines(), 1):
        if FENCE.match(line):
            in_code = not in_code
            continue
        if not in_code:
            yield number, line


def outside_code(path: Path):
    return (line for _, line in outside_code_numbered(path))


def check_links(source: Path) -> int:
    problems = []
    for md in markdown_files(source):
        for number, line in outside_code_numbered(md):
            for target in LINK.findall(re.sub(r"`[^`]*`", "", line)):
                if re.match(r"^[a-z]+:", target):
                    continue  # http:, https:, mailto:
                file_part, _, fragment = target.partition("#")
                linked = (md.parent / file_part).resolve() if file_part else md
                where = f"{md.relative_to(source)}:{number}"
                if not linked.exists():
                    problems.append(f"{where}: link to {target}: no such file")
                elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
                    problems.append(f"{where}: link to {target}: no heading #{fragment}")
    for p in problems:
        print(p)
    print(f"links: {len(problems)} broken")
    return 1 if problems else 0


def subcommands(gradebox: str):
    text = subprocess.run([gradebox, "--help"], capture_output=True, text=True, check=True).stdout
    listed = text.split("Subcommands:", 1)[1]
    return [m.group(1) for m in re.finditer(r"^  ([a-z][a-z0-9-]*)\s", listed, re.M)]


def check_reference(source: Path, gradebox: str) -> int:
    headings = "\n".join(
        line for md in sorted((source / "docs" / "reference").glob("*.md")) for line in outside_code(md)
        if line.startswith("#"))
    missing = [c for c in subcommands(gradebox) if f"`gradebox {c}" not in headings]
    for c in missing:
        print(f"gradebox {c}: no heading \"`gradebox {c} ...`\" in docs/reference/*.md")
    print(f"reference: {len(missing)} commands undocumented")
    return 1 if missing else 0


def check_man(gradebox: str, man_dir: Path) -> int:
    problems = [f"gradebox {c}: no man page {man_dir}/gradebox-{c}.1"
                for c in subcommands(gradebox) if not (man_dir / f"gradebox-{c}.1").is_file()]
    pages = sorted(man_dir.glob("*.1"))
    for page in pages:
        render = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", str(page)],
                                capture_output=True, text=True)
        if render.returncode != 0 or render.stderr.strip():
            problems.append(f"{page.name}: groff: {render.stderr.strip() or render.returncode}")
    for p in problems:
        print(p)
    print(f"man: {len(pages)} pages, {len(problems)} problems")
    return 1 if problems or not pages else 0


def runnable_blocks(md: Path):
    """(first line number, text) of every ```sh runnable block."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(md.read_text().splitlines(), 1):
        fence = FENCE.match(line)
        if current is None and fence and fence.group(1) == "sh" and "runnable" in fence.group(2).split():
            current, start = [], number + 1
        elif current is not None and line.startswith("```"):
            blocks.append((start, "\n".join(current) + "\n"))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def tool_dir(tools, into: Path) -> Path:
    bin_dir = into / "bin"
    bin_dir.mkdir()
    for spec in tools:
        name, _, path = spec.partition("=")
        (bin_dir / name).symlink_to(path)
    return bin_dir


def check_runnable(source: Path, md: Path, tools) -> int:
    blocks = runnable_blocks(md)
    if not blocks:
        print(f"{md}: no ```sh runnable block")
        return 1
    with tempfile.TemporaryDirectory(prefix="gradebox-docs.") as scratch_name:
        scratch = Path(scratch_name)
        os.chmod(scratch, 0o755)  # sessions run as an unprivileged uid that must reach the course
        shutil.copytree(source / "examples", scratch / "examples", symlinks=True,
                        ignore=lambda d, names: [n for n in names if n in GENERATED and
                                                 Path(d).name == "course"])
        env = dict(os.environ, PATH=f"{tool_dir(tools, scratch)}:{os.environ.get('PATH', '')}")
        env["HOME"] = str(scratch / "home")
        (scratch / "home").mkdir()
        for line, script in blocks:
            print(f"--- {md.name}:{line}\n{script}", flush=True)
            run = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=scratch,
                                 env=env, stdout=sys.stdout, stderr=sys.stdout, timeout=600)
            if run.returncode != 0:
                print(f"FAILED: {md.relative_to(source)}:{line}: exit status {run.returncode}")
                return 1
    print(f"runnable: {len(blocks)} blocks of {md.relative_to(source)} ran")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", required=True, type=Path)
    parser.add_argument("--gradebox")
    parser.add_argument("--tool", action="append", default=[], help="NAME=PATH put on PATH")
    parser.add_argument("--man-dir", type=Path)
    parser.add_argument("check", choices=["links", "reference", "man", "runnable"])
    parser.add_argument("file", nargs="?", type=Path)
    args = parser.parse_args()
    if args.check == "links":
        return check_links(args.source_dir)
    if args.check == "reference":
        return check_reference(args.source_dir, args.gradebox)
    if args.check == "man":
        return check_man(args.gradebox, args.man_dir)
    return check_runnable(args.source_dir, args.source_dir / args.file, args.tool)


if __name__ == "__main__":
    sys.exit(main())
