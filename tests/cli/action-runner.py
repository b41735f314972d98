#!/usr/bin/env python3
"""action-runner: run a composite action's steps the way a GitHub runner
does, for tests/cli/action.bats.

  action-runner.py [--input NAME=VALUE]... [--step-output ID.NAME=VALUE]...
                   [--then SCRIPT]... ACTION.yml

The environment gives the runner's variables (RUNNER_OS, RUNNER_ARCH,
RUNNER_TOOL_CACHE, RUNNER_TEMP, GITHUB_WORKSPACE).  GITHUB_ACTION_PATH is
the action file's folder.  Each `run:` step runs in `bash --noprofile
--norc -eo pipefail` in the workspace with its own GITHUB_OUTPUT, GITHUB_ENV
and GITHUB_PATH files, read back after the step as the runner does: outputs
become steps.ID.outputs, GITHUB_ENV lines the later steps' environment,
GITHUB_PATH lines go before PATH.  `uses:` steps cannot run here: they are
reported as skipped, with the outputs --step-output gives them (what
actions/cache says on a hit, for instance).  `${{ }}` expressions and `if:`
conditions are evaluated for the contexts steps, inputs, github.action_path,
runner and env, with ==, !=, && and ||.  --then runs a later step of the
calling workflow with the environment the action left.

Prints one line per step (`run`, `skipped`, or `not run (if: ...)`, with
its time) and the action's outputs (`output NAME=VALUE`); exits with the
first failing step's status."""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

import yaml


class Runner:
    def __init__(self, action, inputs, step_outputs):
        self.action_path = os.path.dirname(os.path.abspath(action))
        with open(action) as f:
            self.action = yaml.safe_load(f)
        self.inputs = {k: str(v.get("default", "")) for k, v in (self.action.get("inputs") or {}).items()}
        self.inputs.update(inputs)
        self.given = step_outputs
        self.steps = {}
        self.env = dict(os.environ)
        self.env["GITHUB_ACTION_PATH"] = self.action_path
        self.workspace = self.env.get("GITHUB_WORKSPACE", os.getcwd())
        self.tmp = tempfile.mkdtemp(prefix="action-runner.")

    def value(self, ref):
        """A context reference such as steps.x.outputs.y or 'literal'."""
        ref = ref.strip()
        if re.fullmatch(r"'[^']*'", ref):
            return ref[1:-1]
        if ref in ("true", "false"):
            return ref
        parts = ref.split(".")
        if parts[0] == "steps" and len(parts) == 4 and parts[2] in ("outputs", "outcome", "conclusion"):
            return self.steps.get(parts[1], {}).get(parts[3], "")
        if parts[0] == "inputs" and len(parts) == 2:
            return self.inputs.get(parts[1], "")
        if parts[0] == "env" and len(parts) == 2:
            return self.env.get(parts[1], "")
        if ref == "github.action_path":
            return self.action_path
        if parts[0] == "runner" and len(parts) == 2:
            return self.env.get("RUNNER_" + parts[1].upper(), "")
        raise SystemExit("action-runner: cannot evaluate %r" % ref)

    def expr(self, text):
        """A condition with ==, != joined by && and ||, or a single value."""
        text = text.strip()
        if text.startswith("${{") and text.endswith("}}"):
            text = text[3:-2].strip()
        if text in ("success()", "always()"):
            return "true"
        ors = [o for o in re.split(r"\|\|", text)]
        for o in ors:
            ok = True
            for a in o.split("&&"):
                m = re.fullmatch(r"\s*(.+?)\s*(==|!=)\s*(.+?)\s*", a)
                if m:
                    l, r = self.value(m.group(1)), self.value(m.group(3))
                    ok = ok and ((l == r) == (m.group(2) == "=="))
                else:
                    ok = ok and self.value(a) not in ("", "false", "0")
            if ok:
                return "true"
        return "false"

    def subst(self, text):
        return re.sub(r"\$\{\{(.*?)\}\}", lambda m: self.value(m.group(1)), str(text))

    def read_outputs(self, path):
        """name=value lines and name<<DELIM heredocs."""
        out = {}
        lines = open(path).read().split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            i += 1
            if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
                name, delim = line.split("<<", 1)
                val = []
                while i < len(lines) and lines[i] != delim:
                    val.append(lines[i])
                    i += 1
                i += 1
                out[name] = "\n".join(val)
            elif "=" in line:
                name, val = line.split("=", 1)
                out[name] = val
        return out

    def run_script(self, name, script, env_extra, workdir=None):
        files = {}
        for k in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH"):
            fd, files[k] = tempfile.mkstemp(prefix=k.lower() + ".", dir=self.tmp)
            os.close(fd)
        env = dict(self.env)
        env.update({k: self.subst(v) for k, v in (env_extra or {}).items()})
        env.update(files)
        path = os.path.join(self.tmp, "step.sh")
        with open(path, "w") as f:
            f.write(script)
        start = time.monotonic()
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", path],
                             cwd=workdir or self.workspace, env=env)
        took = time.monotonic() - start
        outputs = self.read_outputs(files["GITHUB_OUTPUT"])
        self.env.update(self.read_outputs(files["GITHUB_ENV"]))
        for p in reversed([p for p in open(files["GITHUB_PATH"]).read().split("\n") if p]):
            self.env["PATH"] = p + os.pathsep + self.env["PATH"]
        print("step %s: run (%.1fs)%s" % (name, took, "" if rc == 0 else ", exit %d" % rc), flush=True)
        return rc, outputs

    def run(self, then):
        runs = self.action["runs"]
        if runs.get("using") != "composite":
            raise SystemExit("action-runner: only composite actions run here")
        for i, step in enumerate(runs["steps"]):
            name = step.get("name") or step.get("id") or "#%d" % (i + 1)
            sid = step.get("id", "__%d" % i)
            cond = step.get("if")
            if cond is not None and self.expr(str(cond)) != "true":
                print("step %s: not run (if: %s)" % (name, cond), flush=True)
                self.steps[sid] = {"outcome": "skipped"}
                continue
            if "uses" in step:
                given = {k[len(sid) + 1:]: v for k, v in self.given.items() if k.startswith(sid + ".")}
                print("step %s: skipped (uses: %s%s)" % (name, step["uses"],
                      "".join("; %s=%s" % kv for kv in sorted(given.items()))), flush=True)
                self.steps[sid] = dict(given)
                continue
            wd = step.get("working-directory")
            rc, outputs = self.run_script(name, self.subst(step["run"]), step.get("env"),
                                          self.subst(wd) if wd else None)
            self.steps[sid] = dict(outputs)
            if rc != 0:
                return rc
        for k, v in (self.action.get("outputs") or {}).items():
            print("output %s=%s" % (k, self.subst(v.get("value", ""))))
        for n, script in enumerate(then):
            rc, _ = self.run_script("then-%d" % (n + 1), script, None)
            if rc != 0:
                return rc
        return 0


def pairs(items):
    out = {}
    for it in items:
        k, sep, v = it.partition("=")
        if not sep:
            raise SystemExit("action-runner: %r: expected NAME=VALUE" % it)
        out[k] = v
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--step-output", action="append", default=[])
    ap.add_argument("--then", action="append", default=[])
    ap.add_argument("action")
    a = ap.parse_args()
    r = Runner(a.action, pairs(a.input), pairs(a.step_output))
    try:
        return r.run(a.then)
    finally:
        shutil.rmtree(r.tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
