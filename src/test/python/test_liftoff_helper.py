"""Tests of the `liftoff` package that scripts import (src/main/resources/io/liftoff/python).

PythonHelperTest runs them as part of the build, with LIFTOFF_HELPER_DIR naming a copy of the package
installed by PythonLib (with its command.json, so that the helper can run liftoff). By hand:
    python3 -m unittest discover -s src/test/python -v
uses the package in src/main/resources and bin/liftoff (once target/liftoff.jar is built).
"""
import contextlib
import io
import json
import math
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[3]
HELPER_DIR = Path(os.environ.get("LIFTOFF_HELPER_DIR") or ROOT / "src" / "main" / "resources" / "io" / "liftoff" / "python")
sys.path.insert(0, str(HELPER_DIR))
sys.dont_write_bytecode = True  # keep __pycache__ out of src/main/resources (it would land in the jar)
if "LIFTOFF_HELPER_DIR" not in os.environ and (ROOT / "target" / "liftoff.jar").exists():
    os.environ["PATH"] = str(ROOT / "bin") + os.pathsep + os.environ.get("PATH", "")

import liftoff  # noqa: E402
import liftoff.config  # noqa: E402

try:
    liftoff._command()
    HAVE_LIFTOFF = True
except liftoff.LiftoffError:
    if "LIFTOFF_HELPER_DIR" in os.environ:
        raise  # the build installed the helper: every test must run
    HAVE_LIFTOFF = False


def oldest_python():
    """A Python 3.8 to try the helper with, if this machine has one (a pyenv shim may name one it cannot run)."""
    candidates = [str(path) for path in sorted(Path.home().glob(".pyenv/versions/3.8*/bin/python3.8"))]
    for candidate in candidates + [shutil.which("python3.8")]:
        if candidate and subprocess.run([candidate, "-c", ""], capture_output=True).returncode == 0:
            return candidate
    return None


OLDEST_PYTHON = oldest_python()
needs_liftoff = unittest.skipUnless(HAVE_LIFTOFF, "liftoff cannot be run (build target/liftoff.jar, or run PythonHelperTest)")

# What the launcher writes beside a run's cfg.yaml (Json.writeConfig): NaN and Infinity bare.
RUN_JSON = """{"x": 1, "yz": {"y": 3, "z": 22.5}, "deep": {"a": {"b": {"c": [{"d": 1}]}}},
  "key with space": "v", "optim_": {"name": "sgd", "lr": 0.1}, "list": [1, 2, 3],
  "nested": [[64, 64], [128]], "optims": [{"name": "sgd", "lr": 0.1}, {"name": "adam", "betas": [0.9, 0.999]}],
  "nan": NaN, "inf": -Infinity, "none": null, "yes_string": "yes", "title": "default",
  "out_dir": "/tmp/x y/results/2026Nov24-060110_default/0000_default/0", "run_id": 0, "cfg_id": 0,
  "experiment_arguments": {}}"""


def temporary_folder(test):
    temp = tempfile.TemporaryDirectory()
    test.addCleanup(temp.cleanup)
    return Path(temp.name)


def clean_environment(test, **values):
    patcher = mock.patch.dict(os.environ, values)
    patcher.start()
    test.addCleanup(patcher.stop)
    os.environ.pop("LIFTOFF_RUN_DIR", None)


def write_script(path, text):
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


class InsideARun(unittest.TestCase):
    """A run's config comes from the cfg.json beside its cfg.yaml; liftoff is not asked."""

    def setUp(self):
        clean_environment(self)
        self.run_dir = temporary_folder(self)
        self.cfg = str(self.run_dir / "cfg.yaml")
        # The YAML is never read: anything unreadable as YAML proves it.
        (self.run_dir / "cfg.yaml").write_text("x: [unclosed\n", encoding="utf-8")
        (self.run_dir / "cfg.json").write_text(RUN_JSON, encoding="utf-8")
        refuse = mock.patch.object(liftoff, "_liftoff", side_effect=AssertionError("liftoff must not be run"))
        refuse.start()
        self.addCleanup(refuse.stop)

    def test_nested_access(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
        self.assertIsInstance(opts, liftoff.Namespace)
        self.assertEqual((opts.x, opts.yz.y, opts.yz.z), (1, 3, 22.5))
        self.assertEqual(opts.deep.a.b.c, [{"d": 1}])
        self.assertEqual(getattr(opts, "key with space"), "v")
        self.assertEqual(opts.out_dir, "/tmp/x y/results/2026Nov24-060110_default/0000_default/0")

    def test_nan_and_infinity_are_floats(self):
        opts = liftoff.parse_opts([self.cfg])
        self.assertTrue(math.isnan(opts.nan))
        self.assertEqual(opts.inf, -math.inf)
        self.assertIsNone(opts.none)
        self.assertEqual(opts.yes_string, "yes")

    def test_trailing_underscore_keeps_a_plain_dict(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
        self.assertEqual(opts.optim, {"name": "sgd", "lr": 0.1})
        self.assertIs(type(opts.optim), dict)
        self.assertNotIn("optim_", opts)

    def test_lists_stay_lists(self):
        opts = liftoff.parse_opts([self.cfg])
        self.assertEqual(opts.list, [1, 2, 3])
        self.assertEqual(opts.nested, [[64, 64], [128]])
        self.assertIs(type(opts.optims[0]), dict)
        self.assertEqual(opts.optims[1], {"name": "adam", "betas": [0.9, 0.999]})

    def test_namespace_protocols(self):
        opts = liftoff.parse_opts([self.cfg])
        self.assertEqual(vars(opts)["x"], 1)
        self.assertIn("yz", opts)
        self.assertNotIn("missing", opts)
        self.assertEqual(opts, liftoff.read_config(self.cfg))
        self.assertIn("yz=Namespace(y=3, z=22.5)", repr(opts))
        plain = opts.to_dict()
        self.assertEqual(plain["yz"], {"y": 3, "z": 22.5})
        self.assertEqual(plain["optim"], {"name": "sgd", "lr": 0.1})
        self.assertEqual(liftoff.Namespace.from_dict(plain).yz, opts.yz)

    def test_argument_forms(self):
        expected = liftoff.read_config(self.cfg)
        for args in ([self.cfg], [self.cfg, "--session-id=s"], ["--session-id", "s", self.cfg],
                     [self.cfg, "--session-id", "s", "--lr", "3", "extra"], ["--verbose", self.cfg]):
            with self.subTest(args=args):
                self.assertEqual(liftoff.parse_opts(args), expected)

    def test_reads_sys_argv_by_default(self):
        with mock.patch.object(sys, "argv", ["script.py", self.cfg, "--session-id", "session-3fa9c21b"]):
            self.assertEqual(liftoff.parse_opts().yz.y, 3)
            self.assertEqual(liftoff.read_config().yz.y, 3)
            self.assertEqual(liftoff.config.read_config().yz.y, 3)

    def test_run_dir_fallback(self):
        os.environ["LIFTOFF_RUN_DIR"] = str(self.run_dir)
        self.assertEqual(liftoff.parse_opts([]).yz.y, 3)
        self.assertEqual(liftoff.parse_opts(["--session-id", "s"]).yz.y, 3)

    def test_name_clash_is_an_error(self):
        (self.run_dir / "cfg.json").write_text('{"optim": {}, "optim_": {}}', encoding="utf-8")
        with self.assertRaisesRegex(ValueError, "'optim' and 'optim_'"):
            liftoff.read_config(self.cfg)

    def test_no_yaml_reader_is_bundled(self):
        self.assertFalse(hasattr(liftoff, "parse_yaml"))
        source = (HELPER_DIR / "liftoff" / "__init__.py").read_text(encoding="utf-8")
        self.assertNotIn("import yaml", source)
        self.assertLess(len(source.splitlines()), 300)


@needs_liftoff
class OutsideARun(unittest.TestCase):
    """Outside a run the liftoff command reads and merges configs (liftoff config --json)."""

    def setUp(self):
        clean_environment(self)
        self.dir = temporary_folder(self)
        configs = self.dir / "configs"
        configs.mkdir()
        (configs / "default.yaml").write_text("x: 2\nyz:\n  y: 3\n  z: 4\noptim_: {name: sgd, lr: 0.1}\n")
        (configs / "diff.yaml").write_text("x: 10\nyz:\n  z: 40\noptim_: {name: adam}\n")
        (configs / "other.yaml").write_text("x: 7\n")
        cwd = os.getcwd()
        os.chdir(self.dir)
        self.addCleanup(os.chdir, cwd)

    def write(self, name, text):
        path = self.dir / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_without_arguments_the_default_config(self):
        opts = liftoff.parse_opts([])
        self.assertEqual((opts.x, opts.yz.y, opts.yz.z, opts.optim), (2, 3, 4, {"name": "sgd", "lr": 0.1}))
        self.assertEqual(opts.title, "default")
        self.assertNotIn("out_dir", opts)

    def test_config_options_as_for_the_launcher(self):
        merged = liftoff.parse_opts(["-c", "diff"])
        self.assertEqual((merged.x, merged.yz.y, merged.yz.z, merged.title), (10, 3, 40, "diff"))
        self.assertEqual(merged.optim, {"name": "adam"}, "a key ending in _ is replaced whole")
        self.assertEqual(liftoff.parse_opts(["--config-file=diff"]), merged)
        self.assertEqual(liftoff.parse_opts(["--verbose", "--config-file", "diff", "--epochs", "3"]), merged)
        self.assertEqual(liftoff.parse_opts(["-d", "other"]).x, 7)
        self.assertNotIn("yz", liftoff.parse_opts(["-d", "other"]))
        with contextlib.redirect_stderr(io.StringIO()):  # the note that lr is new
            changed = liftoff.parse_opts(["-c", "diff", "--args", "yz.y=30", "lr=1e-3", "--epochs", "3"])
        self.assertEqual((changed.yz.y, changed.lr, changed.x), (30, 1e-3, 10))
        self.assertEqual(liftoff.parse_opts(["--args=x=5"]).x, 5)

    def test_configs_dir(self):
        os.chdir(self.dir.parent)
        opts = liftoff.parse_opts(["--configs-dir", str(self.dir / "configs"), "-c", "diff"])
        self.assertEqual(opts.x, 10)

    def test_a_path_is_that_file_alone(self):
        path = self.write("alone.yaml", "a: {b: [1, 2]}\nlr_: 0.5\nnan: .nan\n")
        for opts in (liftoff.parse_opts([path]), liftoff.read_config(path), liftoff.config.read_config(Path(path))):
            self.assertEqual((opts.a.b, opts.lr), ([1, 2], 0.5))
            self.assertTrue(math.isnan(opts.nan))
            self.assertNotIn("x", opts)
        self.assertEqual(liftoff.parse_opts([path, "--args", "a.b=3"]).a.b, 3)
        self.assertEqual(liftoff.read_config(self.write("empty.yaml", "# nothing\n")), liftoff.Namespace())

    def test_yaml_1_1_as_the_launcher_reads_it(self):
        opts = liftoff.read_config(self.write("types.yaml", "a: yes\nc: 1.0e-5\nd: 017\ne: 2020-01-01\nf: ~\ng: '3'\n"))
        self.assertEqual((opts.a, opts.c, opts.d, opts.e, opts.f, opts.g), (True, 1e-5, 15, "2020-01-01", None, "3"))

    def test_bad_files_name_the_file(self):
        missing = str(self.dir / "missing.yaml")
        with self.assertRaises(FileNotFoundError) as caught:
            liftoff.read_config(missing)
        self.assertIn(missing, str(caught.exception))
        for name, text in [("broken.yaml", "a: [1, 2\nb: 3\n"), ("list.yaml", "- 1\n- 2\n"), ("keys.yaml", "layers:\n  1: 64\n")]:
            with self.subTest(name):
                self.write(name, text)
                with self.assertRaises(liftoff.LiftoffError) as caught:
                    liftoff.read_config(name)
                self.assertIn(name, str(caught.exception))
                self.assertEqual(caught.exception.exit_code, 2)
                self.assertEqual(len(str(caught.exception).splitlines()), 1)

    def test_bad_input_to_parse_opts_exits_with_one_line(self):
        for args, expected in [(["-c", "nothere"], "nothere"), (["nothere.yaml"], "nothere.yaml"),
                               (["-c", "diff", "--args", "x.y=1"], "x is not a mapping"), ([], "default.yaml")]:
            if not args:
                (self.dir / "configs" / "default.yaml").unlink()
            with self.subTest(args=args):
                stderr = io.StringIO()
                with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
                    liftoff.parse_opts(args)
                self.assertEqual(caught.exception.code, 2)
                self.assertEqual(stderr.getvalue().count("\n"), 1, stderr.getvalue())
                self.assertIn(expected, stderr.getvalue())

    def test_notes_of_liftoff_reach_stderr(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr):
            opts = liftoff.parse_opts(["--args", "new.key=1"])
        self.assertEqual(opts.new.key, 1)
        self.assertIn("new.key", stderr.getvalue())


class FindingLiftoff(unittest.TestCase):
    """command.json beside the package, else `liftoff` on the PATH, else one clear error."""

    SCRIPT = "from liftoff import parse_opts\nprint(parse_opts().to_dict())\n"

    def setUp(self):
        self.dir = temporary_folder(self)
        self.package = self.dir / "helper"
        shutil.copytree(HELPER_DIR / "liftoff", self.package / "liftoff",
                        ignore=shutil.ignore_patterns("command.json", "__pycache__"))
        self.bin = self.dir / "bin"
        self.bin.mkdir()
        write_script(self.dir / "script.py", self.SCRIPT)
        # A liftoff that answers `config --json` with its own arguments.
        self.fake = write_script(self.dir / "fake", "#!/bin/sh\nprintf '{\"argv\": \"%s\"}' \"$*\"\n")

    def run_script(self, *args):
        env = {key: value for key, value in os.environ.items() if not key.startswith("LIFTOFF_")}
        env.update(PYTHONPATH=str(self.package), PYTHONDONTWRITEBYTECODE="1", PATH=f"{self.bin}:/usr/bin:/bin")
        return subprocess.run([sys.executable, str(self.dir / "script.py"), *args], env=env, cwd=str(self.dir),
                              capture_output=True, text=True, timeout=60)

    def test_neither_is_one_clear_error(self):
        done = self.run_script("-c", "diff")
        self.assertEqual(done.returncode, 3, done.stderr)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        self.assertIn("cannot find liftoff", done.stderr)
        self.assertIn("command.json", done.stderr)
        self.assertIn("PATH", done.stderr)

    def test_liftoff_on_the_path(self):
        shutil.copy(self.fake, self.bin / "liftoff")
        done = self.run_script("-c", "diff", "--args", "a=1")
        self.assertEqual(done.stdout.strip(), "{'argv': 'config --json -c diff --args a=1'}", done.stderr)

    def test_the_recorded_command_comes_first(self):
        shutil.copy(self.fake, self.bin / "liftoff")
        jar = self.dir / "liftoff.jar"
        jar.write_text("")
        (self.package / "liftoff" / "command.json").write_text(json.dumps(
            {"java": str(self.fake), "options": ["-Xshare:auto"], "classpath": [str(jar)], "main": "io.liftoff.Main"}))
        done = self.run_script()
        self.assertEqual(done.stdout.strip(), "{'argv': '-Xshare:auto -cp %s io.liftoff.Main config --json'}" % jar,
                         done.stderr)

    def test_a_recorded_jar_that_is_gone_falls_back_to_the_path(self):
        (self.package / "liftoff" / "command.json").write_text(json.dumps(
            {"java": str(self.fake), "classpath": [str(self.dir / "moved.jar")], "main": "io.liftoff.Main"}))
        done = self.run_script()
        self.assertEqual(done.returncode, 3)
        self.assertIn("moved.jar", done.stderr)
        shutil.copy(self.fake, self.bin / "liftoff")
        self.assertEqual(self.run_script().stdout.strip(), "{'argv': 'config --json'}")


class CollectResults(unittest.TestCase):
    """collect_results is a thin client of `liftoff collect --json --with-config` (a fake liftoff here)."""

    ROWS = [{"variation": "0000_x_1", "run": 0, "state": "done", "exit_code": 0, "seconds": 1.5, "x": 1,
             "loss": 0.25, "path": "/r/e/0000_x_1/0", "config": {"x": 1, "optim_": {"lr": 0.1}, "yz": {"y": 3}},
             "values": {"loss": 0.25, "metrics": {"acc": 0.5}}},
            {"variation": "0000_x_1", "run": 1, "state": "crashed", "exit_code": 3, "seconds": 0.5, "x": 1,
             "loss": None, "path": "/r/e/0000_x_1/1", "config": {"x": 1}, "values": None}]

    def setUp(self):
        clean_environment(self)
        self.dir = temporary_folder(self)
        (self.dir / "rows.json").write_text(json.dumps(self.ROWS))
        self.args_file = self.dir / "args"
        write_script(self.dir / "liftoff", f"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{self.args_file}'\ncat '{self.dir / 'rows.json'}'\n")
        command = mock.patch.object(liftoff, "_command", return_value=[str(self.dir / "liftoff")])
        command.start()
        self.addCleanup(command.stop)

    def test_records(self):
        results = liftoff.collect_results("results/2026Nov24-060110_grid", "summary.json")
        self.assertEqual(self.args_file.read_text().split("\n")[:-1],
                         ["collect", "--json", "--with-config", "results/2026Nov24-060110_grid", "--file", "summary.json"])
        self.assertEqual(len(results), 2)
        first = results[0]
        self.assertEqual((first.path, first.variation, first.run_id, first.state, first.exit_code, first.seconds),
                         ("/r/e/0000_x_1/0", "0000_x_1", 0, "done", 0, 1.5))
        self.assertEqual((first.config.x, first.config.yz.y, first.config.optim), (1, 3, {"lr": 0.1}))
        self.assertEqual(first.values["metrics"]["acc"], 0.5)
        self.assertEqual(first.row["loss"], 0.25)
        self.assertNotIn("config", first.row)
        self.assertIsNone(results[1].values)

    def test_selection_options(self):
        liftoff.collect_results(name="grid", timestamp="2026Nov", results_path=Path("elsewhere"))
        self.assertEqual(self.args_file.read_text().split("\n")[:-1],
                         ["collect", "--json", "--with-config", "-e", "grid", "-t", "2026Nov", "--results-path", "elsewhere"])


class Report(unittest.TestCase):
    """report(step, **metrics): a JSON line per call in $LIFTOFF_METRICS (store/Metrics reads it; MetricsTest checks that)."""

    def setUp(self):
        self.dir = temporary_folder(self)
        self.file = self.dir / "0.metrics"
        clean_environment(self, LIFTOFF_METRICS=str(self.file))
        self.addCleanup(self.forget_file)

    def forget_file(self):
        if liftoff._metrics["fd"] is not None:
            os.close(liftoff._metrics["fd"])
        liftoff._metrics.update(path=None, fd=None, warned=False)

    def lines(self, path=None):
        return [json.loads(line) for line in (path or self.file).read_text(encoding="utf-8").splitlines()]

    def test_one_line_per_call(self):
        liftoff.report(1, loss=0.5, acc=0.25)
        liftoff.report(2, loss=0.25, acc=0.5, seen=200)
        lines = self.lines()
        self.assertEqual([list(line) for line in lines], [["step", "loss", "acc", "time"], ["step", "loss", "acc", "seen", "time"]])
        self.assertEqual((lines[1]["step"], lines[1]["loss"], lines[1]["seen"]), (2, 0.25, 200))
        self.assertLess(abs(lines[0]["time"] - __import__("time").time()), 60)
        self.assertTrue(self.file.read_bytes().endswith(b"}\n"))

    def test_numbers_of_any_kind(self):
        class Scalar:  # what a NumPy or PyTorch scalar offers
            def __float__(self):
                return 0.125
        liftoff.report(3, nan=float("nan"), inf=float("-inf"), scalar=Scalar(), flag=True)
        line = self.lines()[0]
        self.assertTrue(math.isnan(line["nan"]))
        self.assertEqual((line["inf"], line["scalar"], line["flag"]), (float("-inf"), 0.125, 1))

    def test_bad_input_is_a_type_error_and_writes_nothing(self):
        for call in (lambda: liftoff.report(1.5, loss=1), lambda: liftoff.report("1", loss=1),
                     lambda: liftoff.report(1, loss="low"), lambda: liftoff.report(1, loss=[1]),
                     lambda: liftoff.report(1, time=3)):
            with self.assertRaises(TypeError):
                call()
        self.assertFalse(self.file.exists())

    def test_outside_a_run_it_says_so_once_on_stderr(self):
        del os.environ["LIFTOFF_METRICS"]
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            liftoff.report(1, loss=0.5)
            liftoff.report(2, loss=0.4)
        self.assertEqual(err.getvalue().count("\n"), 1, err.getvalue())
        self.assertIn("not in a liftoff run", err.getvalue())
        self.assertFalse(self.file.exists())

    def test_a_new_path_is_opened_afresh(self):
        liftoff.report(1, loss=1)
        other = self.dir / "1.metrics"
        os.environ["LIFTOFF_METRICS"] = str(other)
        liftoff.report(2, loss=2)
        self.assertEqual([line["step"] for line in self.lines()], [1])
        self.assertEqual([line["step"] for line in self.lines(other)], [2])

    def test_lines_of_several_processes_never_interleave(self):
        program = "import sys\nfrom liftoff import report\nfor i in range(400):\n    report(i, w=int(sys.argv[1]), " \
                  + ", ".join(f"metric_with_a_long_name_{k}=i / 7" for k in range(20)) + ")\n"
        env = dict(os.environ, PYTHONPATH=str(HELPER_DIR))
        writers = [subprocess.Popen([sys.executable, "-B", "-c", program, str(w)], env=env) for w in range(4)]
        self.assertEqual([writer.wait(60) for writer in writers], [0, 0, 0, 0])
        lines = self.lines()
        self.assertEqual(len(lines), 1600)
        self.assertEqual(sorted(sum(1 for line in lines if line["w"] == w) for w in range(4)), [400] * 4)


class ScriptSubprocess(unittest.TestCase):
    """Scripts started the way the launcher starts them, and by hand, with only the package on PYTHONPATH."""

    SCRIPT = textwrap.dedent("""\
        import sys
        from liftoff import parse_opts
        from liftoff.config import read_config
        opts = parse_opts()
        print(opts.yz.y)
        print("yaml imported" if "yaml" in sys.modules else "no yaml")
        """)

    def setUp(self):
        self.dir = temporary_folder(self)
        (self.dir / "script.py").write_text(self.SCRIPT, encoding="utf-8")
        (self.dir / "run").mkdir()
        self.cfg = self.dir / "run" / "cfg.yaml"
        self.cfg.write_text("x: 1\nyz:\n  y: 10\n  z: 22\n", encoding="utf-8")
        (self.dir / "run" / "cfg.json").write_text('{"x": 1, "yz": {"y": 10, "z": 22}}', encoding="utf-8")
        # A yaml.py that fails to import hides an installed PyYAML from the script.
        (self.dir / "hide").mkdir()
        (self.dir / "hide" / "yaml.py").write_text("raise ImportError('PyYAML hidden by the test')\n")

    def run_script(self, *args, python=sys.executable, cwd=None, **environ):
        env = {key: value for key, value in os.environ.items() if not key.startswith("LIFTOFF_")}
        env.update(environ, PYTHONPATH=os.pathsep.join([str(self.dir / "hide"), str(HELPER_DIR)]),
                   PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run([python, "-u", str(self.dir / "script.py"), *args], env=env,
                              cwd=str(cwd or self.dir), capture_output=True, text=True, timeout=60)

    def test_as_the_launcher_starts_it(self):
        done = self.run_script(str(self.cfg), "--session-id", "session-3fa9c21b")
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "10\nno yaml\n", ""))

    def test_run_dir_fallback(self):
        done = self.run_script(LIFTOFF_RUN_DIR=str(self.cfg.parent))
        self.assertEqual((done.returncode, done.stdout), (0, "10\nno yaml\n"), done.stderr)

    @unittest.skipUnless(OLDEST_PYTHON, "no python3.8 to try the oldest Python supported")
    def test_python_3_8(self):
        done = self.run_script(str(self.cfg), "--session-id", "s", python=OLDEST_PYTHON)
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "10\nno yaml\n", ""))

    @needs_liftoff
    def test_started_by_hand_in_a_project(self):
        done = self.run_script(cwd=ROOT)
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "3\nno yaml\n", ""))

    @needs_liftoff
    def test_started_by_hand_without_configs(self):
        done = self.run_script()
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        self.assertIn("script.py:", done.stderr)
        self.assertIn("default.yaml", done.stderr)


if __name__ == "__main__":
    unittest.main()
