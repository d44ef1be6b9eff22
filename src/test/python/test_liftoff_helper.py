"""Tests of the `liftoff` package that run scripts import (src/main/resources/io/liftoff/python).

Run with: python3 -m unittest discover -s src/test/python -v
"""
import contextlib
import io
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parents[3]
PACKAGE_DIR = ROOT / "src" / "main" / "resources" / "io" / "liftoff" / "python"
SNAKE_DUMP = ROOT / "src" / "test" / "resources" / "python" / "snake_dump.yaml"
CONFIG_FILES = sorted((ROOT / "configs").glob("*.yaml")) + sorted((ROOT / "configs").glob("*/*.yaml"))
sys.path.insert(0, str(PACKAGE_DIR))
sys.dont_write_bytecode = True  # keep __pycache__ out of src/main/resources (it would land in the jar)

import liftoff  # noqa: E402
import liftoff.config  # noqa: E402

try:
    import yaml
except ImportError:
    yaml = None

# Each snippet must load to the same Python values with the bundled reader as with PyYAML.
SNIPPETS = {
    "decimal ints": "a: 1\nb: -2\nc: +3\nd: 0\ne: -0\nf: 1_000\ng: 12345678901234\n",
    "other ints": "a: 0x1F\nb: -0x_1f\nc: 0b101\nd: +0b1_0\ne: 017\nf: 00\ng: 0_\nh: 09\ni: 0o17\n",
    "sexagesimal": "a: 1:30\nb: -190:20:30\nc: 1:30.5\nd: 1:2:x\n",
    "floats": "a: 1.5\nb: 1.0E-5\nc: 1e-5\nd: 1.0e+5\ne: .5\nf: 1.\ng: 1_000.5\nh: 6.02e+23\ni: 0.1_\nj: ._5\n",
    "special floats": "a: .inf\nb: -.inf\nc: +.Inf\nd: .INF\ne: .nan\nf: .NaN\ng: -.nan\nh: inf\ni: nan\n",
    "bools": "a: yes\nb: No\nc: TRUE\nd: false\ne: on\nf: OFF\ng: y\nh: n\ni: yEs\nj: True\nk: Y\n",
    "nulls": "a: null\nb: Null\nc: NULL\nd: ~\ne:\nf: nUll\ng: ~x\nh: None\n",
    "timestamps": "a: 2020-01-01\nb: 2020-1-1\nc: 2020-01-01 10:20:30\nd: 2020-01-01T10:20:30.25Z\n"
                  "e: 2001-12-14t21:59:43.10-05:00\nf: 2001-12-14 21:59:43.1234567 +5\ng: '2020-01-01'\n",
    "single quotes": "a: 'it''s'\nb: ''\nc: 'a: b'\nd: 'a #b'\ne: ' lead'\nf: '~'\ng: '- x'\n"
                     "h: 'back\\slash'\ni: 'yes'\nj: '123'\n",
    "double quote escapes": 'a: "a\\tb"\nb: "\\u00e9\\x41\\U0001F600"\nc: "say \\"hi\\""\nd: "back\\\\slash"\n'
                            'e: "\\0\\a\\b\\e\\f\\r\\v\\/\\ \\N\\_\\L\\P"\nf: ""\ng: "tab\\\tliteral"\n',
    "multi-line quotes": "a: 'one\n  two\n\n  three'\nb: \"x\\\n   y\"\nc: \"p \n  q\"\nd: 'end\n\n\n  z'\n",
    "plain with colons and hashes": "url: http://example.com:8080/x\nratio: 1:2:x\ntag: a#b\nc: x # comment\n"
                                    "d: a:b\ne: x :y\nf: 100%\ng: a, b\nh: a[0]\ni: '#not comment'\n",
    "special plain starts": "a: -x\nb: ?x\nc: :x\nd: a-b\ne: ...x\nf: ---x\ng: x---\nh: -1e\ni: =x\n",
    "unicode": "name: héllo wörld ü\nsnow: ☃\nnbsp: \u00a0x\u00a0\n日本: 語\nemoji: 😀\n",
    "keys": "key with space: v\n1: one\n2.5: two\ntrue: t\nnull: n\n'quoted key': q\n\"dq: key\": d\n"
            "key : spaced\n-k: dash\n",
    "duplicate keys": "a: 1\nb: 2\na: 3\n",
    "comments": "# top\na: 1 # trailing\n# between\nb: # after key\n  c: 2\n\n   # indented comment\n"
                "d: 'x' # after quote\ne: [1, 2] # after flow\n# end",
    "document start": "---\na: 1\n",
    "document markers and comments": "# c\n--- # doc\na: 1\n...\n# after\n",
    "document start with a value": "--- {a: 1}\n",
    "sequence at key indentation": "list:\n- 1\n- 2\nnext: x\n",
    "sequence indented under key": "list:\n  - 1\n  - 2\nnext: x\n",
    "four-space indentation": "a:\n    b:\n        c: 1\n    d:\n        - x\n        - y\ne: 2\n",
    "one-space indentation": "a:\n b:\n  c: 1\n d: 2\n",
    "nested sequences": "nested:\n- - 64\n  - 64\n- - 128\n- - - deep\n    - er\n",
    "mappings in sequences": "optims:\n- name: sgd\n  lr: 0.1\n- name: adam\n  betas:\n  - 0.9\n  - 0.999\n",
    "sequence item forms": "-   a: 1\n    b: 2\n-\n  c: 3\n- # comment\n  d: 4\n-\n- ~\n- - -\n",
    "top-level sequence": "- 1\n- two\n- [3]\n- {4: four}\n",
    "empty flow collections": "a: {}\nb: []\nc: { }\nd: [ ]\ne: [[], {}]\n",
    "nested flow collections": "a: [1, [2, 3], {a: b}]\nb: {x: [1, {y: 2}], z}\nc: [a b, 'c', \"d\", 4.5, null, yes]\n",
    "multi-line flow collections": "a: [1, # one\n  2,\n  3,\n]\nb: {x: 1,\n    y: 2}\nc: [long\n  plain, 'q\n  s']\n",
    "flow pairs and json": "a: [x: 1, y]\nb: {\"q\":1, 'r': 2}\nc: [x:y]\nd: {k:v}\ne: {\"a\": [true, false, null]}\n",
    "literal block scalars": "a: |\n  line1\n  line2\nb: |-\n  x\n\n  y\n\nc: |+\n  keep\n\n\nd: 1\n",
    "folded block scalars": "a: >\n  folded\n  text\n\n  para\n    indented\n  back\nb: >-\n  x\n  y\nc: >+\n  z\n\n",
    "block scalar indentation indicators": "a: |2\n    two extra\n  base\nb: |-2\n   x\nc: >1\n  y\n",
    "block scalars in sequences": "- |\n  one\n- >-\n  two\n  lines\n- |\n\n  leading blank\n- |-\n    deeper\n",
    "block scalar comments": "a: | # note\n  text\n  # kept\n# done\nb: 2\n",
    "empty block scalars": "a: |\nb: |-\n\nc: >\nd: 1\n",
    "block scalar without final newline": "a: |\n  no newline",
    "block scalar indentation from first line": "a: |\n\n    first sets it\n      deeper\n    back\nb: 1\n",
    "multi-line plain": "a: this is\n  a long\n\n  value\nb: next\nc: x\n  - y\n",
    "empty values": "a:\nb:\n  c:\nd: ''\ne:\n  # only a comment\nf: -1\n",
    "trailing spaces": "a: value   \nb: 'q'   \nc:   \n  d: 1  \n",
    "windows line endings": "a: 1\r\nb:\r\n  - x\r\n  - |\r\n    lit\r\n",
    "empty document": "",
    "comment-only document": "# only\n\n   \n",
    "top-level scalar": "just a string\n",
    "top-level multi-line scalar": "just\n  a\nstring\n",
    "trailing-underscore keys": "optim_:\n  name: sgd\n  args: {lr: 0.1}\n_: {x: 1}\n",
    "deep nesting": "deep:\n  a:\n    b:\n      c:\n      - d: 1\n        e: [f]\n",
}

UNSUPPORTED = {
    "anchor and alias": ("a: &base 1\nb: *base\n", 1),
    "alias in a sequence": ("a: 1\nb:\n- *x\n", 3),
    "standard tag": ("a: !!str 1\n", 1),
    "local tag": ("a:\n  b: !custom x\n", 2),
    "merge key": ("base: {a: 1}\nderived:\n  <<: {a: 2}\n", 3),
    "several documents": ("a: 1\n---\nb: 2\n", 2),
    "content after document end": ("a: 1\n...\nb: 2\n", 2),
    "explicit key": ("x: 1\n? a\n: b\n", 2),
    "flow key": ("[1, 2]: x\n", 1),
    "complex key in a flow mapping": ("a: {[1]: 2}\n", 1),
    "anchor in a flow collection": ("a: [1,\n  &x 2]\n", 2),
}


def bundled(text):
    return liftoff.parse_yaml(text, "snippet.yaml")


@unittest.skipUnless(yaml, "PyYAML is needed to compare with")
class BundledParserMatchesPyYAML(unittest.TestCase):
    def assertSameAsPyYAML(self, text):
        # repr tells True from 1 and 1 from 1.0, keeps key order, and prints nan the same way.
        self.assertEqual(repr(bundled(text)), repr(yaml.safe_load(text)))

    def test_snippets(self):
        self.assertGreaterEqual(len(SNIPPETS), 40)
        for name, text in SNIPPETS.items():
            with self.subTest(name):
                self.assertSameAsPyYAML(text)

    def test_java_output_sample(self):
        self.assertSameAsPyYAML(SNAKE_DUMP.read_text(encoding="utf-8"))

    def test_config_files(self):
        self.assertTrue(CONFIG_FILES)
        for path in CONFIG_FILES:
            with self.subTest(str(path.relative_to(ROOT))):
                self.assertSameAsPyYAML(path.read_text(encoding="utf-8"))

    def test_pyyaml_dumps_of_tricky_strings(self):
        strings = ["yes", "1e-5", "1.0", "0x1F", "2020-01-01", "a: b", "a #b", "- x", "'", '"', "\\",
                   "a\tb", "line\nbreak", "two\n\nbreaks", "trail ", " lead", "", "~", "null", "é\u00a0",
                   "{a}", "[b]", "x" * 100 + " y" * 30]
        # Multi-line, long and empty keys would be written as "? key" explicit keys.
        keys = [text for text in strings if text and "\n" not in text and len(text) < 100]
        data = {"strings": strings, "keyed": {key: key for key in keys}}
        for style in (None, "'", '"', "|"):
            for flow in (False, True):
                with self.subTest(style=style, flow=flow):
                    self.assertSameAsPyYAML(yaml.safe_dump(data, default_style=style, default_flow_style=flow,
                                                           allow_unicode=True, width=40))


class BundledParserValues(unittest.TestCase):
    """Checks that hold without PyYAML, so they also run where it is missing."""

    def test_java_output_sample(self):
        data = bundled(SNAKE_DUMP.read_text(encoding="utf-8"))
        self.assertEqual(data["yz"], {"y": 3, "z": 22.5})
        self.assertEqual(data["nested"], [[64, 64], [128]])
        self.assertEqual(data["optims"][1], {"name": "adam", "betas": [0.9, 0.999]})
        self.assertEqual(data["evil"], "a'; touch pwned; '")
        self.assertEqual(data["newline"], "line1\nline2")
        self.assertEqual(data["tab"], "a\tb")
        self.assertEqual((data["small"], data["inf"], data["big"]), (1e-5, float("inf"), 12345678901234))
        self.assertEqual((data["yes_string"], data["numstr"], data["tilde"]), ("yes", "123", "~"))
        self.assertIs(data["bool"], True)
        self.assertIsNone(data["none"])

    def test_yaml_1_1_scalars(self):
        self.assertEqual(bundled("[yes, on, y, 1e-5, 1.0e-5, 017, 0x10, 1:30, ~, '']"),
                         [True, True, "y", "1e-5", 1e-5, 15, 16, 90, None, ""])


class UnsupportedYAML(unittest.TestCase):
    def test_unsupported_features_name_file_and_line(self):
        for name, (text, line) in UNSUPPORTED.items():
            with self.subTest(name):
                with self.assertRaises(ValueError) as caught:
                    bundled(text)
                message = str(caught.exception)
                self.assertIn(f"snippet.yaml, line {line}:", message)
                self.assertIn("PyYAML", message)

    def test_malformed_yaml_names_file_and_line(self):
        for text, line in [("a: [1, 2\n", 2), ("a: 'open\n", 1), ("a: b: c\n", 1), ("a: 1\n  b: 2\n", 2),
                           ("a:\n\t- 1\n", 2), ("- a\nb: 1\n", 2), ("a: \"\\q\"\n", 1)]:
            with self.subTest(text=text):
                with self.assertRaisesRegex(ValueError, f"^snippet.yaml, line {line}: "):
                    bundled(text)


class ParseOptsTests:
    """parse_opts and read_config, run once per YAML reader (see the subclasses)."""
    pure = None

    def setUp(self):
        environ = {"LIFTOFF_PURE_YAML": "1"} if self.pure else {}
        patcher = mock.patch.dict(os.environ, environ)
        patcher.start()
        self.addCleanup(patcher.stop)
        for name in ("LIFTOFF_RUN_DIR",) + (() if self.pure else ("LIFTOFF_PURE_YAML",)):
            os.environ.pop(name, None)
        parse_yaml = mock.patch.object(liftoff, "parse_yaml", wraps=liftoff.parse_yaml)
        self.parse_yaml = parse_yaml.start()
        self.addCleanup(parse_yaml.stop)
        temp = tempfile.TemporaryDirectory()
        self.addCleanup(temp.cleanup)
        self.run_dir = Path(temp.name)
        self.cfg = self.write("cfg.yaml", SNAKE_DUMP.read_text(encoding="utf-8"))

    def write(self, name, text):
        path = self.run_dir / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    def test_uses_the_chosen_reader(self):
        liftoff.parse_opts([self.cfg])
        self.assertEqual(self.parse_yaml.called, self.pure)

    def test_nested_access(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
        self.assertIsInstance(opts, liftoff.Namespace)
        self.assertEqual((opts.x, opts.yz.y, opts.yz.z), (1, 3, 22.5))
        self.assertEqual(opts.deep.a.b.c, [{"d": 1}])
        self.assertEqual(getattr(opts, "key with space"), "v")
        self.assertEqual(opts.out_dir, "/tmp/x y/results/2026Nov24-060110_default/0000_default/0")

    def test_trailing_underscore_keeps_a_plain_dict(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
        self.assertEqual(opts.optim, {"name": "sgd", "lr": 0.1})
        self.assertIs(type(opts.optim), dict)
        self.assertNotIn("optim_", opts)

    def test_lists_stay_lists(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
        self.assertEqual(opts.list, [1, 2, 3])
        self.assertEqual(opts.nested, [[64, 64], [128]])
        self.assertIs(type(opts.optims[0]), dict)
        self.assertEqual(opts.optims[0], {"name": "sgd", "lr": 0.1})

    def test_namespace_protocols(self):
        opts = liftoff.parse_opts([self.cfg, "--session-id", "s"])
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

    def test_no_config_exits_with_one_line(self):
        stderr = io.StringIO()
        with contextlib.redirect_stderr(stderr), self.assertRaises(SystemExit) as caught:
            liftoff.parse_opts(["--session-id", "s"])
        self.assertEqual(caught.exception.code, 2)
        message = stderr.getvalue()
        self.assertEqual(message.count("\n"), 1, message)
        self.assertIn("cfg.yaml", message)
        self.assertIn("liftoff", message)

    def test_read_config_of_a_path(self):
        opts = liftoff.config.read_config(self.write("other.yaml", "a: {b: [1, 2]}\nlr_: 0.5\n"))
        self.assertEqual((opts.a.b, opts.lr), ([1, 2], 0.5))
        self.assertEqual(liftoff.read_config(self.write("empty.yaml", "# nothing\n")), liftoff.Namespace())

    def test_int_keys_stay_a_dict(self):
        opts = liftoff.read_config(self.write("cfg2.yaml", "layers:\n  1: 64\n  2: 128\n"))
        self.assertEqual(opts.layers, {1: 64, 2: 128})

    def test_bad_files_name_the_file(self):
        missing = str(self.run_dir / "missing.yaml")
        with self.assertRaises(FileNotFoundError) as caught:
            liftoff.read_config(missing)
        self.assertIn(missing, str(caught.exception))
        for name, text in [("broken.yaml", "a: [1, 2\nb: 3\n"), ("list.yaml", "- 1\n- 2\n")]:
            with self.subTest(name):
                path = self.write(name, text)
                with self.assertRaises(Exception) as caught:
                    liftoff.read_config(path)
                self.assertIn(path, str(caught.exception))

    def test_name_clash_is_an_error(self):
        with self.assertRaisesRegex(ValueError, "'optim' and 'optim_'"):
            liftoff.read_config(self.write("clash.yaml", "optim: {}\noptim_: {}\n"))


@unittest.skipUnless(yaml, "PyYAML is not installed")
class ParseOptsWithPyYAML(ParseOptsTests, unittest.TestCase):
    pure = False


class ParseOptsWithBundledReader(ParseOptsTests, unittest.TestCase):
    pure = True


class ScriptSubprocess(unittest.TestCase):
    """Runs a script the way the launcher does, with only the package folder on PYTHONPATH."""

    SCRIPT = textwrap.dedent("""\
        from liftoff import parse_opts
        from liftoff.config import read_config
        opts = parse_opts()
        print(opts.yz.y)
        try:
            import yaml
            print("PyYAML importable")
        except ImportError:
            print("no PyYAML")
        """)

    def setUp(self):
        temp = tempfile.TemporaryDirectory()
        self.addCleanup(temp.cleanup)
        self.dir = Path(temp.name)
        (self.dir / "script.py").write_text(self.SCRIPT, encoding="utf-8")
        (self.dir / "run").mkdir()
        self.cfg = self.dir / "run" / "cfg.yaml"
        self.cfg.write_text("x: 1\nyz:\n  y: 10\n  z: 22\n", encoding="utf-8")
        # A yaml.py that fails to import hides an installed PyYAML from the script.
        (self.dir / "hide").mkdir()
        (self.dir / "hide" / "yaml.py").write_text("raise ImportError('PyYAML hidden by the test')\n")

    def run_script(self, *args, path=(), **environ):
        env = {key: value for key, value in os.environ.items() if not key.startswith("LIFTOFF_")}
        env.update(environ, PYTHONPATH=os.pathsep.join([*path, str(PACKAGE_DIR)]), PYTHONDONTWRITEBYTECODE="1")
        return subprocess.run([sys.executable, "-u", str(self.dir / "script.py"), *args], env=env,
                              cwd=str(self.dir), capture_output=True, text=True, timeout=60)

    def test_without_pyyaml(self):
        done = self.run_script(str(self.cfg), "--session-id", "session-3fa9c21b", path=[str(self.dir / "hide")])
        self.assertEqual((done.returncode, done.stdout, done.stderr), (0, "10\nno PyYAML\n", ""))

    def test_pure_yaml_switch(self):
        done = self.run_script(str(self.cfg), "--session-id", "session-3fa9c21b", LIFTOFF_PURE_YAML="1")
        self.assertEqual((done.returncode, done.stdout.splitlines()[0], done.stderr), (0, "10", ""))

    def test_run_dir_fallback(self):
        done = self.run_script(LIFTOFF_RUN_DIR=str(self.cfg.parent))
        self.assertEqual((done.returncode, done.stdout.splitlines()[0]), (0, "10"))

    def test_started_by_hand(self):
        done = self.run_script(path=[str(self.dir / "hide")])
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stdout, "")
        self.assertEqual(len(done.stderr.splitlines()), 1, done.stderr)
        self.assertIn("liftoff script.py", done.stderr)


if __name__ == "__main__":
    unittest.main()
