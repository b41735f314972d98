#!/usr/bin/env python3
"""Run every case of vectors/img-tag/cases.jsonl through the built img-tag.

Each case runs once the way the action runs: GITHUB_ACTIONS=true with
GITHUB_OUTPUT, GITHUB_ENV and RUNNER_TEMP in a fresh folder, the event
payload written to a file named by GITHUB_EVENT_PATH, the repository data
as a GitHub API answer (--repo-json), the clock from --now/--commit-date.
Every output the case lists is compared: version, tags, tag-names, labels,
annotations, json (as a value and byte for byte), the bake files, the
intermediate version state; invalid cases must exit 2 and write nothing.

Usage: img-tag-vectors.py CASES.jsonl [IMG_TAG]   (prints "N/M cases passed")
Exit 0 when every case passed, 1 otherwise (each failure with a diff).
"""
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

LISTS = ["images", "tags", "flavor", "labels", "annotations"]


def csv_entry(entry):
    """One entry as one line of the list input: quote it whole when it holds
    a quote, so that the CSV reader hands it back unchanged."""
    if '"' in entry:
        return '"' + entry.replace('"', '""') + '"'
    return entry


def read_outputs(path):
    """The GITHUB_OUTPUT file: name=value lines and name<<DELIM heredocs."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as fp:
        lines = fp.read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delim = line.split("<<", 1)
            value = []
            while i < len(lines) and lines[i] != delim:
                value.append(lines[i])
                i += 1
            i += 1
            out[name] = "\n".join(value)
        else:
            name, value = line.split("=", 1)
            out[name] = value
    return out


def diff(what, want, got):
    if not isinstance(want, str):
        want = json.dumps(want, indent=2, ensure_ascii=False)
        got = json.dumps(got, indent=2, ensure_ascii=False)
    lines = difflib.unified_diff(want.split("\n"), got.split("\n"), "expected " + what, "img-tag " + what,
                                 lineterm="")
    return "\n".join(lines)


def run_case(case, binary, tmp):
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(case.get("env", {}))
    env.update({
        "GITHUB_ACTIONS": "true",
        "GITHUB_OUTPUT": os.path.join(tmp, "output"),
        "GITHUB_ENV": os.path.join(tmp, "env"),
        "RUNNER_TEMP": tmp,
    })
    if case.get("event") is not None:
        path = os.path.join(tmp, "event.json")
        with open(path, "w", encoding="utf-8") as fp:
            json.dump(case["event"], fp)
        env["GITHUB_EVENT_PATH"] = path
    args = [binary, "--context", "github"]
    repo = case.get("repo")
    if repo:
        api = {"name": repo["name"], "full_name": repo["full_name"], "description": repo["description"],
               "html_url": repo["html_url"], "default_branch": repo["default_branch"],
               "license": {"spdx_id": repo["license_spdx_id"]} if repo.get("license_spdx_id") else None}
        path = os.path.join(tmp, "repo.json")
        with open(path, "w", encoding="utf-8") as fp:
            json.dump(api, fp)
        args += ["--repo-json", path]
    clock = case.get("clock") or {}
    if clock.get("now"):
        args += ["--now", clock["now"]]
    if clock.get("commit_date"):
        args += ["--commit-date", clock["commit_date"]]
    inputs = case["inputs"]
    for name in LISTS:
        for entry in inputs.get(name, []):
            args += ["--" + name, csv_entry(entry)]
    for name in ("sep-tags", "sep-labels", "sep-annotations", "bake-target"):
        if name in inputs:
            args += ["--" + name, inputs[name]]
    p = subprocess.run(args, env=env, cwd=tmp, capture_output=True, timeout=60)
    return p, read_outputs(env["GITHUB_OUTPUT"]), read_outputs(env["GITHUB_ENV"])


def check(case, p, outs, envs):
    """A list of failure descriptions (empty when the case passed)."""
    exp = case["expected"]
    inputs = case["inputs"]
    stdout = p.stdout.decode("utf-8", "replace")
    stderr = p.stderr.decode("utf-8", "replace")
    if "error" in exp:
        bad = []
        if p.returncode != 2:
            bad.append("exit %d, want 2 (the action fails: %s)" % (p.returncode, exp["error"]))
        if stdout or outs:
            bad.append("an invalid case must write nothing; stdout %r, outputs %r" % (stdout, sorted(outs)))
        # Under GitHub Actions: the ::error:: annotation, then the message.
        err_lines = stderr.splitlines()
        if len(err_lines) != 2 or not err_lines[0].startswith("::error title=img-tag::") \
                or not err_lines[1].startswith("img-tag: "):
            bad.append("want an ::error:: annotation then the message on stderr: %r" % stderr)
        return bad
    if p.returncode != 0:
        return ["exit %d: %s" % (p.returncode, stderr.strip())]
    bad = []
    sep_tags = inputs.get("sep-tags") or "\n"
    sep_labels = inputs.get("sep-labels") or "\n"
    sep_ann = inputs.get("sep-annotations") or "\n"

    def same(what, want, got):
        if want != got:
            bad.append(diff(what, want, got))

    if "version" in exp:
        same("version", exp["version"], outs.get("version"))
        same("DOCKER_METADATA_OUTPUT_VERSION", exp["version"], envs.get("DOCKER_METADATA_OUTPUT_VERSION"))
    if "tags" in exp:
        joined = sep_tags.join(exp["tags"])
        same("tags", joined, outs.get("tags"))
        same("stdout", joined + "\n" if joined else "", stdout)
    if "tags_output" in exp:
        same("tags output", exp["tags_output"], outs.get("tags"))
    if "tag-names" in exp:
        same("tag-names", sep_tags.join(exp["tag-names"]), outs.get("tag-names"))
    if "labels" in exp:
        same("labels", sep_labels.join(exp["labels"]), outs.get("labels"))
    if "annotations" in exp:
        same("annotations", sep_ann.join(exp["annotations"]), outs.get("annotations"))
    if "json" in exp:
        try:
            got = json.loads(outs.get("json", ""))
        except ValueError as e:
            bad.append("json output does not parse: %s" % e)
        else:
            same("json", exp["json"], got)
            same("json text", json.dumps(exp["json"], separators=(",", ":"), ensure_ascii=False),
                 outs.get("json"))
    if "version_info" in exp:
        vi = exp["version_info"]
        same("version_info.main", vi["main"] or "", outs.get("version"))
        names = [n for n in (outs.get("tag-names") or "").split(sep_tags) if n]
        if vi["main"]:
            want = 1 + len(vi["partial"]) + (1 if vi["latest"] else 0)
            if len(names) != want:
                bad.append("tag-names %r: want main + %d partials%s" %
                           (names, len(vi["partial"]), " + latest" if vi["latest"] else ""))
            elif names[1:1 + len(vi["partial"])] != vi["partial"]:
                same("version_info.partial", vi["partial"], names[1:1 + len(vi["partial"])])
    for kind, out in (("tags", "bake-file-tags"), ("labels", "bake-file-labels"),
                      ("annotations", "bake-file-annotations"), ("tags-labels", "bake-file")):
        if kind not in (exp.get("bake") or {}):
            continue
        path = outs.get(out)
        if not path or not os.path.isfile(path):
            bad.append("output %s names no file: %r" % (out, path))
            continue
        with open(path, encoding="utf-8") as fp:
            same("bake " + kind, exp["bake"][kind], json.load(fp))
    return bad


def main():
    cases_path = sys.argv[1]
    binary = sys.argv[2] if len(sys.argv) > 2 else "img-tag"
    # Each case runs in its own folder: name the binary absolutely.
    binary = os.path.abspath(binary) if os.sep in binary else (shutil.which(binary) or binary)
    with open(cases_path, encoding="utf-8") as fp:
        cases = [json.loads(line) for line in fp if line.strip()]
    failed = []
    for case in cases:
        with tempfile.TemporaryDirectory(prefix="img-tag-case.") as tmp:
            p, outs, envs = run_case(case, binary, tmp)
            problems = check(case, p, outs, envs)
        if problems:
            failed.append(case["id"])
            print("FAIL %s (%s)" % (case["id"], case.get("group")))
            for pr in problems:
                print("    " + pr.replace("\n", "\n    "))
    print("%d/%d cases passed" % (len(cases) - len(failed), len(cases)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
