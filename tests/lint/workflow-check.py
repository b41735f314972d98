#!/usr/bin/env python3
"""workflow-check: GitHub Actions files (workflows, composite actions) are
valid YAML, their local `uses:` exist, and every invocation of an agentci
tool in a `run:` script names a real command and real options of it, as the
built tool's --help says.

  workflow-check.py --bin DIR --root DIR FILE...

Prints one line per problem, FILE:LINE: what, and exits 1 when there are
any (2 on a usage error); then a count of what it checked on stderr."""
import argparse
import functools
import os
import re
import shlex
import subprocess
import sys

import yaml

TOOLS = ["prompt-lint", "secret-seal", "cost-check", "img-tag", "health-wait", "k8s-rollout"]
# Words after which a new simple command starts.
STARTS = {"|", "||", "&&", ";", "(", "then", "do", "else", "elif", "if", "while", "until", "!", "{", "time"}
OPT = re.compile(r"^\s*(?:-(\w), )?--([A-Za-z0-9-]+)(\[=[^\]]*\])?( \S)?")


class Help:
    """The commands and options of one tool, read off its --help."""

    def __init__(self, bindir, tool):
        self.bin = os.path.join(bindir, tool)
        self.tool = tool
        text = self.text()
        self.commands = set(re.findall(r"^  ([a-z][a-z-]+)  ", text.split("Commands:")[1], re.M)) \
            if "Commands:" in text else set()
        for line in text.splitlines():
            m = re.match(r"^(?:Usage:)?\s+%s ([a-z][a-z-]+)\b" % re.escape(tool), line)
            if m:
                self.commands.add(m.group(1))
        self.opts = {"": self.options(text)}

    @functools.lru_cache(maxsize=None)
    def text(self, *words):
        r = subprocess.run([self.bin, *words, "--help"], capture_output=True, text=True)
        return r.stdout

    @staticmethod
    def options(text):
        longs, shorts = {}, {}
        for line in text.splitlines():
            m = OPT.match(line)
            if m:
                takes = bool(m.group(4))  # an argument follows after one space
                longs[m.group(2)] = takes
                if m.group(1):
                    shorts[m.group(1)] = takes
        return longs, shorts

    def for_command(self, cmd):
        if cmd not in self.opts:
            longs, shorts = self.options(self.text(cmd))
            base_l, base_s = self.opts[""]
            self.opts[cmd] = ({**base_l, **longs}, {**base_s, **shorts})
        return self.opts[cmd]

    @functools.lru_cache(maxsize=None)
    def subcommands(self, cmd):
        """canary set-weight|run|... in the description, or on the usage
        lines: cost-check prices show MODEL | prices update"""
        subs = set()
        for text in (self.text(), self.text(cmd)):
            for m in re.finditer(r"\b%s ([a-z][a-z-]*(?:\|[a-z][a-z-]*)+)" % re.escape(cmd), text):
                subs.update(m.group(1).split("|"))
            for line in text.splitlines():
                if re.match(r"^(?:Usage:)?\s+%s %s " % (re.escape(self.tool), re.escape(cmd)), line):
                    subs.update(re.findall(r"\b%s ([a-z][a-z-]+)\b" % re.escape(cmd), line))
        return subs


def scalars(node, key):
    """Every scalar value of a mapping key `key`, anywhere in the document."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key and isinstance(v, yaml.ScalarNode):
                yield v
            else:
                yield from scalars(v, key)
    elif isinstance(node, yaml.SequenceNode):
        for v in node.value:
            yield from scalars(v, key)


def logical_lines(script, first):
    """(line number, words) of each logical line of a shell script:
    continuations and multi-line quotes joined, heredoc bodies and comments
    dropped, GitHub expressions replaced by a plain word.  Words are None
    when a quote never closes."""
    lines = script.split("\n")
    i, heredoc = 0, None
    while i < len(lines):
        no, text = first + i, lines[i]
        if heredoc:
            if text.strip() == heredoc:
                heredoc = None
            i += 1
            continue
        toks = words(text)
        while (text.endswith("\\") or toks is None) and i + 1 < len(lines):
            i += 1
            text = (text[:-1] + " " if text.endswith("\\") else text + "\n") + lines[i]
            toks = words(text)
        m = re.search(r"<<-?\s*['\"]?(\w+)", text)
        if m:
            heredoc = m.group(1)
        yield no, toks
        i += 1


def words(text):
    text = re.sub(r"\$\{\{.*?\}\}", "EXPR", text)
    lex = shlex.shlex(text.replace("$(", " ( "), posix=True, punctuation_chars="|&;()")
    lex.whitespace_split = True
    lex.commenters = "#"
    try:
        return list(lex)
    except ValueError:  # an open quote
        return None


def check_invocation(helps, toks, where, problems):
    tool = toks[0]
    h = helps[tool]
    rest = toks[1:]
    cmd = ""
    if h.commands:
        first = next((t for t in rest if not t.startswith("-")), None)
        if first is not None and first in h.commands:
            cmd = first
        elif first is not None and tool != "cost-check" and tool != "prompt-lint":
            problems.append("%s: %s has no command %s" % (where, tool, first))
            return
    longs, shorts = h.for_command(cmd) if cmd else h.opts[""]
    subs = h.subcommands(cmd) if cmd else set()
    if subs:
        idx = rest.index(cmd)
        sub = rest[idx + 1] if idx + 1 < len(rest) else None
        if sub is not None and not sub.startswith("-") and sub not in subs:
            problems.append("%s: %s %s has no subcommand %s" % (where, tool, cmd, sub))
    skip = False
    for t in rest:
        if skip:
            skip = False
            continue
        if t.startswith("--") and len(t) > 2:
            name = t[2:].split("=", 1)[0]
            if name not in longs:
                problems.append("%s: %s%s has no option --%s" % (where, tool, " " + cmd if cmd else "", name))
            elif longs[name] and "=" not in t:
                skip = True
        elif re.match(r"^-[A-Za-z]+$", t):
            for j, c in enumerate(t[1:]):
                if c not in shorts:
                    problems.append("%s: %s%s has no option -%s" % (where, tool, " " + cmd if cmd else "", c))
                    break
                if shorts[c]:
                    skip = j == len(t) - 2  # the argument is the next word
                    break


def check_script(helps, script, first, fname, problems, checked):
    for no, toks in logical_lines(script, first):
        if toks is None:
            problems.append("%s:%d: unbalanced quotes" % (fname, no))
            continue
        i = 0
        while i < len(toks):
            start = i == 0 or toks[i - 1] in STARTS
            t = toks[i]
            if start and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", t):  # VAR=value cmd
                toks[i] = ";"
                i += 1
                continue
            if start and t in helps:
                end = i + 1
                while end < len(toks) and toks[end] not in STARTS | {")"}:
                    end += 1
                check_invocation(helps, toks[i:end], "%s:%d" % (fname, no), problems)
                checked.append(t)
                i = end
                continue
            i += 1


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True, help="folder of the built tools")
    ap.add_argument("--root", required=True, help="repository root, for local uses:")
    ap.add_argument("files", nargs="+")
    a = ap.parse_args()
    helps = {t: Help(a.bin, t) for t in TOOLS}
    problems, checked = [], []
    for f in a.files:
        try:
            with open(f) as fp:
                doc = yaml.compose(fp)
        except (OSError, yaml.YAMLError) as e:
            problems.append("%s: not valid YAML: %s" % (f, str(e).replace("\n", " ")))
            continue
        if doc is None:
            problems.append("%s: empty" % f)
            continue
        for use in scalars(doc, "uses"):
            if use.value.startswith("./") and not os.path.isfile(os.path.join(a.root, use.value, "action.yml")):
                problems.append("%s:%d: uses %s, which has no action.yml" % (f, use.start_mark.line + 1, use.value))
        for run in scalars(doc, "run"):
            # A block scalar's text starts on the line after its | or >.
            first = run.start_mark.line + 1 + (1 if run.style in ("|", ">") else 0)
            check_script(helps, run.value, first, f, problems, checked)
    for p in problems:
        print(p)
    print("workflow-check: %d files, %d tool invocations (%s), %d problems" % (
        len(a.files), len(checked), " ".join(t for t in TOOLS if t in checked), len(problems)), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
