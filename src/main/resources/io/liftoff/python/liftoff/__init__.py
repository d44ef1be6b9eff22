"""liftoff's helper for Python scripts: the config of a run, merged configs, and collected results.

Inside a run. The launcher starts ``python3 -u script.py /abs/run/cfg.yaml --session-id ID`` with
this package on PYTHONPATH and writes the same config as ``cfg.json`` beside ``cfg.yaml``, so::

    from liftoff import parse_opts
    opts = parse_opts()          # opts.yz.y, opts.out_dir, opts.run_id, ...

reads that JSON and starts nothing.

Outside a run (``python3 script.py``, after ``export PYTHONPATH="$(liftoff pythonpath)"``),
``parse_opts()`` gives what a run of ``liftoff script.py`` with the same options would get, without
the run's own keys (``out_dir``, ``run_id``, ``cfg_id``)::

    python3 script.py                      configs/default.yaml
    python3 script.py -c diff              configs/diff.yaml merged over it (also -d NAME,
                                           --configs-dir DIR, --args a.b=1 c=x, as for liftoff)
    python3 script.py path/to/file.yaml    that file alone (a .yaml or .yml file)

It asks the ``liftoff`` command for them (``liftoff config --json``), as ``read_config(path)`` and
``collect_results(...)`` do: there is one implementation of the merge rules, liftoff's, and no YAML
reader here. The command is found through ``command.json`` beside this file (the java binary and the
JAR of the liftoff that installed the helper), else as ``liftoff`` on the PATH.

Metrics. ``report(step, loss=0.31, acc=0.9)`` appends one line to the run's metrics file (its path is
``$LIFTOFF_METRICS``, beside the run's record, not in its folder), which ``liftoff-status --runs`` and
``liftoff-collect`` read. Outside a liftoff run it records nothing and says so once on stderr.
"""
import argparse
import json
import os
import shutil
import operator
import subprocess
import sys
import time

__all__ = ["Namespace", "LiftoffError", "parse_opts", "read_config", "collect_results", "report"]

_HERE = os.path.dirname(os.path.abspath(__file__))
_COMMAND_FILE = os.path.join(_HERE, "command.json")
# parse_opts passes these on to `liftoff config`; each takes a value (--args takes several).
_METRICS_VARIABLE = "LIFTOFF_METRICS"
# The metrics file report() appends to: its path and its descriptor, opened once; and whether it said it records nothing.
_metrics = {"path": None, "fd": None, "warned": False}
_CONFIG_OPTIONS = {"-c": "-c", "--config-file": "-c", "-d": "-d", "--default-config-file": "-d",
                   "--configs-dir": "--configs-dir", "--args": "--args"}


class Namespace(argparse.Namespace):
    """A config as attributes (``opts.yz.y``); ``vars()``, ``in``, ``==`` and repr come from argparse."""

    @classmethod
    def from_dict(cls, mapping):
        """Nested mappings become Namespaces, except under keys ending in '_' (``optim_``):
        those appear without the '_' (``opts.optim``) and keep their plain dict, so a whole
        group of settings can be replaced at once or passed on as ``**kwargs``."""
        namespace = cls()
        for key, value in mapping.items():
            name = key
            if len(key) > 1 and key.endswith("_"):
                name = key[:-1]
            elif _has_names(value):
                value = cls.from_dict(value)
            if name in namespace:
                raise ValueError(f"options {name!r} and {name + '_'!r} would both be opts.{name}")
            setattr(namespace, name, value)
        return namespace

    def to_dict(self):
        """The config as plain nested dicts, with the names the script sees (``optim``, not ``optim_``)."""
        return {key: value.to_dict() if isinstance(value, Namespace) else value
                for key, value in vars(self).items()}


class LiftoffError(Exception):
    """The liftoff command could not be run, or refused (its one-line message; ``exit_code`` 2 is bad input)."""

    def __init__(self, message, exit_code=None):
        super().__init__(message)
        self.exit_code = exit_code


def _has_names(value):
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)


def parse_opts(args=None):
    """The config of this run, or outside a run the one liftoff would give it (see the module's help).

    ``args`` defaults to ``sys.argv[1:]``. Arguments other than a config path (a word ending in
    ``.yaml`` or ``.yml``), ``--session-id ID`` and liftoff's config options (``-c``, ``-d``,
    ``--configs-dir``, ``--args``) are left to the script. On bad input it prints one line and exits 2.
    """
    path, options = _split(sys.argv[1:] if args is None else list(args))
    try:
        if path is None and not options and os.environ.get("LIFTOFF_RUN_DIR"):
            path = os.path.join(os.environ["LIFTOFF_RUN_DIR"], "cfg.yaml")
        if path is not None and not options:
            run_config = _run_json(path)
            if run_config is not None:
                return run_config
        if path is not None and not os.path.isfile(path):
            raise LiftoffError(f"{path}: no such config file", 2)
        return _from_liftoff(["config", "--json"] + ([path] if path is not None else []) + options)
    except LiftoffError as error:
        script = os.path.basename(sys.argv[0]) or "python"
        print(f"{script}: {error}", file=sys.stderr)
        raise SystemExit(error.exit_code or 2)


def read_config(path=None):
    """The YAML file at ``path`` as a Namespace (as ``liftoff config PATH`` reads it); a run's
    ``cfg.yaml`` is read from the ``cfg.json`` beside it. Without a path, the same as ``parse_opts()``."""
    if path is None:
        return parse_opts()
    path = os.fspath(path)
    run_config = _run_json(path)
    if run_config is not None:
        return run_config
    if not os.path.isfile(path):
        raise FileNotFoundError(2, "no such config file", path)
    return _from_liftoff(["config", "--json", path])


def collect_results(experiment=None, file=None, *, name=None, timestamp=None, results_path=None):
    """One record per run of an experiment, as ``liftoff collect`` finds them.

    The experiment is selected as liftoff's commands select it: ``experiment`` (a folder, or a name),
    ``name`` (``-e``), ``timestamp`` (``-t``), in ``results_path`` (default ``./results``) or among the
    experiments launched from this host. ``file`` names a file each run wrote in its folder
    (``summary.json``; ``.yaml``, ``.csv`` for its last row, ``.jsonl`` for its last line).

    Each record is a Namespace: ``path`` (the run's folder), ``variation``, ``run_id``, ``state``
    (``done``, ``crashed``, ...), ``exit_code``, ``seconds``, ``config`` (the run's config, as
    ``parse_opts()`` gave it to the run), ``values`` (the file's content as read; None when the run
    has no such file or it is unreadable) and ``row`` (the flat row of ``liftoff collect --csv``).
    """
    args = ["collect", "--json", "--with-config"]
    if experiment is not None:
        args.append(os.fspath(experiment))
    for option, value in (("-e", name), ("-t", timestamp), ("--results-path", results_path), ("--file", file)):
        if value is not None:
            args += [option, os.fspath(value)]
    records = []
    for row in _liftoff_json(args):
        extra = {key: row.pop(key, None) for key in ("path", "config", "values")}
        records.append(Namespace(path=extra["path"], variation=row.get("variation"), run_id=row.get("run"),
                                 state=row.get("state"), exit_code=row.get("exit_code"),
                                 seconds=row.get("seconds"), config=Namespace.from_dict(extra["config"] or {}),
                                 values=extra["values"], row=row))
    return records


def report(step, **metrics):
    """Records this run's metrics at ``step``: ``report(10, loss=0.31, acc=0.9)``.

    Appends one JSON line, ``{"step": 10, "loss": 0.31, "acc": 0.9, "time": <epoch seconds>}``, to the
    file named by ``$LIFTOFF_METRICS`` with a single write on a descriptor opened with O_APPEND, so
    lines of several processes never interleave. ``step`` is an integer; each metric a number (int,
    float, or anything ``float()`` takes, such as a NumPy or PyTorch scalar; NaN and infinities are
    kept). Outside a liftoff run (no ``$LIFTOFF_METRICS``) it records nothing and says so once on stderr.
    """
    try:
        line = {"step": operator.index(step)}
    except TypeError:
        raise TypeError(f"report: step must be an integer, not {type(step).__name__}") from None
    for name, value in metrics.items():
        if name in ("step", "time"):
            raise TypeError(f"report: {name!r} is not a metric name (liftoff writes it)")
        line[name] = _metric(name, value)
    line["time"] = round(time.time(), 3)
    path = os.environ.get(_METRICS_VARIABLE)
    if not path:
        if not _metrics["warned"]:
            _metrics["warned"] = True
            print(f"liftoff.report: not in a liftoff run (no ${_METRICS_VARIABLE}): metrics are not recorded", file=sys.stderr)
        return
    data = (json.dumps(line, separators=(", ", ": ")) + "\n").encode("utf-8")
    if _metrics["path"] != path:
        if _metrics["fd"] is not None:
            os.close(_metrics["fd"])
            _metrics["fd"] = None
        _metrics["fd"] = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        _metrics["path"] = path
    written = os.write(_metrics["fd"], data)
    if written < len(data):  # a full disk or a signal: finish the line rather than leave it cut
        os.write(_metrics["fd"], data[written:])


def _metric(name, value):
    if isinstance(value, int):  # bool too: True is 1
        return int(value)
    if isinstance(value, (str, bytes)):
        raise TypeError(f"report: metric {name!r} must be a number, not {type(value).__name__}")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"report: metric {name!r} must be a number, not {type(value).__name__}") from None


def _split(argv):
    """The config path (the first word naming a .yaml or .yml file) and the config options to pass on."""
    path, options, overrides, i = None, [], [], 0
    while i < len(argv):
        word = argv[i]
        i += 1
        flag, equals, value = word.partition("=")
        if flag == "--session-id":
            i += 0 if equals else 1  # its value must not be taken for the config path
        elif flag == "--args" and equals:
            overrides.append(value)
        elif flag in _CONFIG_OPTIONS and equals:
            options += [_CONFIG_OPTIONS[flag], value]
        elif word == "--args":
            while i < len(argv) and not argv[i].startswith("-") and "=" in argv[i]:
                overrides.append(argv[i])
                i += 1
        elif word in _CONFIG_OPTIONS:
            if i < len(argv):
                options += [_CONFIG_OPTIONS[word], argv[i]]
                i += 1
        elif path is None and word.endswith((".yaml", ".yml")) and not word.startswith("-"):
            path = word
    return path, options + (["--args"] + overrides if overrides else [])


def _run_json(path):
    """A run's config from the cfg.json beside its cfg.yaml, or None when there is none."""
    if os.path.basename(path) != "cfg.yaml":
        return None
    json_path = os.path.join(os.path.dirname(path), "cfg.json")
    try:
        with open(json_path, encoding="utf-8") as stream:
            data = json.load(stream)
    except FileNotFoundError:
        return None
    return Namespace.from_dict(data)


def _from_liftoff(args):
    return Namespace.from_dict(_liftoff_json(args))


def _liftoff_json(args):
    return json.loads(_liftoff(args))


def _liftoff(args):
    """Runs ``liftoff ARGS...`` and returns its standard output; its notes go to stderr."""
    command = _command()
    environ = dict(os.environ, NO_COLOR="1")
    try:
        done = subprocess.run(command + list(args), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=environ)
    except OSError as error:
        raise LiftoffError(f"cannot run {command[0]}: {error}") from None
    error_text = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        lines = [line for line in error_text.splitlines() if line.strip()]
        raise LiftoffError(lines[-1] if lines else f"{' '.join(command + list(args))} exited {done.returncode}",
                           done.returncode)
    if error_text:
        print(error_text, file=sys.stderr)
    return done.stdout.decode("utf-8")


def _command():
    """How to run liftoff: as command.json beside this file says, else ``liftoff`` on the PATH."""
    problem = f"{_COMMAND_FILE} is missing"
    try:
        with open(_COMMAND_FILE, encoding="utf-8") as stream:
            recorded = json.load(stream)
    except FileNotFoundError:
        recorded = None
    except (OSError, ValueError) as error:
        recorded, problem = None, f"{_COMMAND_FILE} is unreadable ({error})"
    if isinstance(recorded, dict):
        classpath = recorded.get("classpath") or []
        java = recorded.get("java")
        if not (java and os.access(java, os.X_OK)):
            java = shutil.which("java")
        missing = [entry for entry in classpath if not os.path.exists(entry)]
        if classpath and not missing and java:
            return [java] + list(recorded.get("options", [])) + ["-cp", os.pathsep.join(classpath),
                                                                 recorded.get("main", "io.liftoff.Main")]
        problem = f"{missing[0]} (named in {_COMMAND_FILE}) is gone" if missing else "no java is on the PATH"
    found = shutil.which("liftoff")
    if found:
        return [found]
    raise LiftoffError(f"cannot find liftoff: {problem}, and no `liftoff` is on the PATH"
                       " (put liftoff's bin/ folder on the PATH, or run `liftoff pythonpath` again)", 3)
