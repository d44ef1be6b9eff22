"""Reads the configuration of a run started by the liftoff launcher.

The launcher runs ``python3 -u script.py /abs/path/run/cfg.yaml --session-id ID`` with this
package on PYTHONPATH, so a script only needs::

    from liftoff import parse_opts
    opts = parse_opts()          # opts.yz.y, opts.out_dir, ...

YAML is read with PyYAML's ``safe_load`` when PyYAML is installed. Otherwise (or when the
environment variable LIFTOFF_PURE_YAML=1 is set) a small bundled reader is used: it gives the
same values as ``safe_load`` for the YAML that configs use, and refuses the rest (anchors,
aliases, tags, merge keys, complex keys, several documents) with an error naming the line.
"""
import argparse
import bisect
import datetime
import itertools
import math
import os
import re
import sys

__all__ = ["Namespace", "parse_opts", "read_config"]


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


def _has_names(value):
    # Only a mapping with string keys can become attributes; e.g. {1: 64, 2: 128} stays a dict.
    return isinstance(value, dict) and all(isinstance(key, str) for key in value)


def parse_opts(args=None):
    """Reads the cfg.yaml named on the command line (``sys.argv[1:]`` unless ``args`` is given).

    Arguments other than the config path and ``--session-id ID`` are left to the script.
    Without a path, ``$LIFTOFF_RUN_DIR/cfg.yaml`` is read when that variable is set.
    """
    path = None
    remaining = iter(sys.argv[1:] if args is None else args)
    for arg in remaining:
        if arg == "--session-id":
            next(remaining, None)  # its value must not be taken for the config path
        elif path is None and not arg.startswith("-"):
            path = arg
    if path is None and os.environ.get("LIFTOFF_RUN_DIR"):
        path = os.path.join(os.environ["LIFTOFF_RUN_DIR"], "cfg.yaml")
    if path is None:
        script = os.path.basename(sys.argv[0]) or "this script"
        print(f"{script}: expected the path of a cfg.yaml as the first argument; this script is"
              f" meant to be started by `liftoff {script}`", file=sys.stderr)
        raise SystemExit(2)
    return read_config(path)


def read_config(path=None):
    """Loads the YAML file at ``path`` as a Namespace; without a path, behaves like parse_opts()."""
    if path is None:
        return parse_opts()
    # Inside a run the launcher wrote the same config as JSON beside the cfg.yaml it passed.
    json_path = os.path.join(os.path.dirname(str(path)), "cfg.json")
    if os.path.basename(str(path)) == "cfg.yaml" and os.path.exists(json_path):
        import json
        with open(json_path, encoding="utf-8") as stream:
            return Namespace.from_dict(json.load(stream))
    with open(path, encoding="utf-8-sig") as stream:
        yaml = _pyyaml()
        data = yaml.safe_load(stream) if yaml else parse_yaml(stream.read(), str(path))
    if data is None:
        return Namespace()
    if not _has_names(data):
        raise ValueError(f"{path}: expected a mapping from option names to values at the top level")
    return Namespace.from_dict(data)


def _pyyaml():
    if os.environ.get("LIFTOFF_PURE_YAML", "") not in ("", "0"):
        return None
    try:
        import yaml
    except ImportError:
        return None
    return yaml


def parse_yaml(text, source="<string>"):
    """Parses one YAML document the way ``yaml.safe_load`` does, for the subset configs use."""
    return _Parser(text, source).parse()


# Plain scalars are typed by the YAML 1.1 rules of PyYAML's resolver (yaml/resolver.py).
_BOOL = re.compile(r"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF")
_FLOAT = re.compile(r"""[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?
    |\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?
    |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
    |[-+]?\.(?:inf|Inf|INF)
    |\.(?:nan|NaN|NAN)""", re.X)
_INT = re.compile(r"""[-+]?0b[0-1_]+
    |[-+]?0[0-7_]+
    |[-+]?(?:0|[1-9][0-9_]*)
    |[-+]?0x[0-9a-fA-F_]+
    |[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+""", re.X)
_NULL = re.compile(r"~|null|Null|NULL|")
_TIMESTAMP = re.compile(r"""(?P<year>[0-9]{4})-(?P<month>[0-9][0-9]?)-(?P<day>[0-9][0-9]?)
    (?:(?:[Tt]|[ \t]+)(?P<hour>[0-9][0-9]?):(?P<minute>[0-9][0-9]):(?P<second>[0-9][0-9])
    (?:\.(?P<fraction>[0-9]*))?
    (?:[ \t]*(?P<tz>Z|(?P<tz_sign>[-+])(?P<tz_hour>[0-9][0-9]?)(?::(?P<tz_minute>[0-9][0-9]))?))?)?""",
                        re.X)


def _resolve(text):
    if _BOOL.fullmatch(text):
        return text.lower() in ("yes", "true", "on")
    if _FLOAT.fullmatch(text):
        return _number(text, float)
    if _INT.fullmatch(text):
        return _number(text, int)
    if _NULL.fullmatch(text):
        return None
    stamp = _TIMESTAMP.fullmatch(text)
    # A date alone must be written YYYY-MM-DD; only full timestamps may drop leading zeros.
    if stamp and (stamp["hour"] or len(text) == 10):
        return _timestamp(stamp)
    return text


def _number(text, kind):
    # Follows PyYAML's construct_yaml_int / construct_yaml_float step by step.
    digits = text.replace("_", "").lower()
    sign = -1 if digits[0] == "-" else 1
    digits = digits.lstrip("+-")
    if digits in (".inf", ".nan"):
        return math.nan if digits == ".nan" else sign * math.inf
    if ":" in digits:  # sexagesimal, e.g. 1:30 is 90
        value = kind(0)
        for power, part in enumerate(reversed(digits.split(":"))):
            value += kind(part) * 60 ** power
        return sign * value
    if kind is int and digits[:2] in ("0b", "0x"):
        return sign * int(digits[2:], 2 if digits[1] == "b" else 16)
    if kind is int and len(digits) > 1 and digits[0] == "0":
        return sign * int(digits, 8)
    return sign * kind(digits)


def _timestamp(match):
    year, month, day = (int(match[name]) for name in ("year", "month", "day"))
    if not match["hour"]:
        return datetime.date(year, month, day)
    zone = None
    if match["tz_sign"]:
        offset = datetime.timedelta(hours=int(match["tz_hour"]), minutes=int(match["tz_minute"] or 0))
        zone = datetime.timezone(-offset if match["tz_sign"] == "-" else offset)
    elif match["tz"]:
        zone = datetime.timezone.utc
    fraction = int((match["fraction"] or "")[:6].ljust(6, "0"))
    return datetime.datetime(year, month, day, int(match["hour"]), int(match["minute"]),
                             int(match["second"]), fraction, tzinfo=zone)


_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "\t": "\t", "n": "\n", "v": "\v",
            "f": "\f", "r": "\r", "e": "\x1b", " ": " ", '"': '"', "/": "/", "\\": "\\",
            "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_HEX_ESCAPES = {"x": 2, "u": 4, "U": 8}
_QUOTED_RUN = {"'": re.compile(r"[^' \t\n]+"), '"': re.compile(r'[^"\\ \t\n]+')}
_SPACES = re.compile(r"[ \t]*")
_BREAKS = re.compile(r"[ \t]*(?:\n[ \t]*)*")
_FLOW_SPACE = re.compile(r"(?:[ \t\n]|#[^\n]*)*")
# Flow plain scalars stop at ',?[]{}', at ': ' and at ' #'; they may run over several lines.
_FLOW_WORD = r"(?!#)(?:[^ \t\n,?\[\]{}:]|:(?=[^ \t\n,\[\]{}]))+"
_FLOW_PLAIN = re.compile(rf"(?![&*!|>'\"%@`:]|-[ \t\n]){_FLOW_WORD}(?:[ \t\n]+{_FLOW_WORD})*")
_PLAIN_START = re.compile(r"[^ \t\-?:,\[\]{}#&*!|>'\"%@`]|[-?:][^ \t]")
_KEY_OR_COMMENT = re.compile(r":(?=[ \t]|$)|[ \t]#")
_COLON = re.compile(r"[ \t]*:(?=[ \t]|$)")
_EXPLICIT_KEY = re.compile(r"[?:](?=[ \t\n]|$)")
_SEQ_ITEM = re.compile(r"-(?=[ \t]|$)")
_BLOCK_HEADER = re.compile(r"([|>])([+-]?)([1-9]?)([+-]?)[ \t]*(?:#.*)?")


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def _marker(line):
    return line[:3] if line[:3] in ("---", "...") and line[3:4] in ("", " ", "\t") else None


def _fold(text):
    # A single line break inside a scalar reads as a space; each further one is a newline.
    return re.sub(r"[ \t]*\n[ \t\n]*", lambda m: "\n" * (m[0].count("\n") - 1) or " ", text)


class _Parser:
    """Block structure is read line by line (``self.row``); flow collections and quoted
    scalars, which may span lines, are scanned in ``self.text`` by character offset."""

    def __init__(self, text, source):
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.source = source
        self.lines = self.text.split("\n")
        self.starts = list(itertools.accumulate((len(line) + 1 for line in self.lines[:-1]), initial=0))
        self.row = 0
        self.started = False

    def error(self, message, offset=None):
        row = self.row if offset is None else bisect.bisect_right(self.starts, offset) - 1
        return ValueError(f"{self.source}, line {row + 1}: {message}")

    def unsupported(self, what, offset=None):
        return self.error(f"{what} are not supported by liftoff's bundled YAML reader;"
                          " install PyYAML (pip install pyyaml)", offset)

    def parse(self):
        value = self.node(-1)
        if self.next_content():
            raise self.error("unexpected content (check the indentation)")
        return value

    def next_content(self):
        """Moves ``self.row`` to the next line with content; False at the end of the document."""
        while self.row < len(self.lines):
            line = self.lines[self.row]
            if _marker(line) == "---":
                if self.started:
                    raise self.unsupported("files with several documents")
                self.lines[self.row] = "   " + line[3:]  # the document may start on this line
                self.started = True
            elif _marker(line) == "...":
                if any(text.strip(" \t")[:1] not in ("", "#") for text in self.lines[self.row + 1:]):
                    raise self.unsupported("files with several documents")
                self.row = len(self.lines)
                return False
            text = self.lines[self.row].strip(" \t")
            if text and not text.startswith("#"):
                self.started = True
                if self.lines[self.row][_indent(self.lines[self.row])] == "\t":
                    raise self.error("tabs cannot indent YAML; use spaces")
                return True
            self.row += 1
        return False

    def node(self, parent):
        """The block node starting on the next content line, if it is indented deeper than parent."""
        if not self.next_content() or _indent(self.lines[self.row]) <= parent:
            return None
        return self.block(parent)

    def block(self, parent):
        ind = _indent(self.lines[self.row])
        if _SEQ_ITEM.match(self.lines[self.row], ind):
            return self.sequence(ind)
        if self.split_key(ind):
            return self.mapping(ind)
        return self.inline(ind, parent)

    def mapping(self, ind):
        result = {}
        while self.next_content() and _indent(self.lines[self.row]) >= ind:
            split = self.split_key(ind) if _indent(self.lines[self.row]) == ind else None
            if split is None and _EXPLICIT_KEY.match(self.lines[self.row], ind):
                raise self.unsupported("complex mapping keys")
            if split is None:
                raise self.error("expected 'key: value' at this indentation")
            key, col = split
            line = self.lines[self.row]
            rest = line[col:].lstrip(" \t")
            if rest and not rest.startswith("#"):
                result[key] = self.inline(len(line) - len(rest), ind)
                continue
            self.row += 1
            # A sequence may sit at its key's own indentation ("list:\n- 1").
            if self.next_content() and _SEQ_ITEM.match(self.lines[self.row], ind) \
                    and _indent(self.lines[self.row]) == ind:
                result[key] = self.sequence(ind)
            else:
                result[key] = self.node(ind)
        return result

    def sequence(self, ind):
        result = []
        while self.next_content():
            line = self.lines[self.row]
            if _indent(line) != ind or not _SEQ_ITEM.match(line, ind):
                if _indent(line) > ind:
                    raise self.error("unexpected indentation")
                break
            rest = line[ind + 1:].lstrip(" \t")
            if rest and not rest.startswith("#"):
                # Blank out "- " so the item reads like a node on its own line ("- - 1", "- a: 1").
                col = len(line) - len(rest)
                self.lines[self.row] = " " * col + rest
                result.append(self.block(ind))
            else:
                self.row += 1
                result.append(self.node(ind))
        return result

    def split_key(self, ind):
        """(key, column after the ':') when the current line holds 'key: ...' at ind, else None."""
        line = self.lines[self.row]
        if line[ind] in "'\"":
            key, end = self.quoted(self.starts[self.row] + ind)
            colon = _COLON.match(line, end - self.starts[self.row])
            return (key, colon.end()) if colon else None
        found = _KEY_OR_COMMENT.search(line, ind)
        if not _PLAIN_START.match(line, ind) or not found or found[0] != ":":
            return None
        return self.scalar(line[ind:found.start()].rstrip(" \t")), found.end()

    def inline(self, col, parent):
        """The value that starts at column col of the current line (may continue below it)."""
        line = self.lines[self.row]
        rest = line[col:]
        if rest[0] in "|>":
            return self.block_scalar(rest, parent)
        if rest[0] in "[{'\"":
            value, end = self.flow(self.starts[self.row] + col)
            self.row = bisect.bisect_right(self.starts, end) - 1
            tail = self.lines[self.row][end - self.starts[self.row]:].strip(" \t")
            if tail.startswith(":"):
                raise self.unsupported("complex mapping keys")
            if tail and not tail.startswith("#"):
                raise self.error(f"unexpected {tail!r} after the value")
            self.row += 1
            return value
        if rest[0] in "&*!":
            raise self.unsupported("anchors, aliases and tags")
        if _EXPLICIT_KEY.match(rest):
            raise self.unsupported("complex mapping keys")
        if not _PLAIN_START.match(rest):
            raise self.error(f"a value cannot start with {rest[0]!r} here (quote it)")
        return self.plain(rest, parent)

    def plain(self, first, parent):
        value, ended = self.plain_line(first)
        self.row += 1
        blank = 0
        # Unless a comment ended it, the scalar continues on deeper-indented lines.
        for row in range(self.row, self.row if ended else len(self.lines)):
            line = self.lines[row]
            text = line.strip(" \t")
            if not text:
                blank += 1
                continue
            if _indent(line) <= parent or text.startswith("#") or _marker(line):
                break
            self.row = row
            text, ended = self.plain_line(text)
            value += ("\n" * blank or " ") + text
            blank = 0
            self.row = row + 1
            if ended:
                break
        return self.scalar(value)

    def plain_line(self, text):
        """The part of a plain scalar on one line, and whether a comment ends it there."""
        found = _KEY_OR_COMMENT.search(text)
        if found and found[0] == ":":
            raise self.error("': ' cannot appear in an unquoted value (quote it)")
        return (text[:found.start()] if found else text).rstrip(" \t"), bool(found)

    def scalar(self, text):
        if text == "<<":
            raise self.unsupported("merge keys (<<)")
        return _resolve(text)

    def block_scalar(self, header, parent):
        """A literal (|) or folded (>) scalar, as PyYAML's scan_block_scalar reads it."""
        match = _BLOCK_HEADER.fullmatch(header)
        if not match or (match[2] and match[4]):
            raise self.error(f"invalid block scalar header {header!r}")
        folded, chomp, lines = match[1] == ">", match[2] or match[4], self.lines
        k = self.row + 1
        indent = max(parent + 1, 1)
        if match[3]:
            indent += int(match[3]) - 1
        else:  # the first non-empty line sets the indentation
            j = k
            while j < len(lines) and not lines[j].strip(" "):
                indent = max(indent, len(lines[j]))
                j += 1
            if j < len(lines):
                indent = max(indent, _indent(lines[j]))

        def empty(j):  # an empty line (the last line has no line break, so it counts as none)
            return j < len(lines) - 1 and not lines[j].strip(" ") and len(lines[j]) <= indent

        def content(j):
            return j < len(lines) and len(lines[j]) > indent and not lines[j][:indent].strip(" ")

        chunks, breaks, line_break = [], 0, ""
        while empty(k):
            breaks, k = breaks + 1, k + 1
        while content(k):
            text = lines[k][indent:]
            chunks += ["\n" * breaks, text]
            line_break = "\n" if k < len(lines) - 1 else ""
            breaks, k = 0, k + 1
            while empty(k):
                breaks, k = breaks + 1, k + 1
            if not content(k):
                break
            if folded and line_break and text[0] not in " \t" and lines[k][indent] not in " \t":
                chunks.append("" if breaks else " ")
            else:
                chunks.append(line_break)
        if chomp != "-":
            chunks.append(line_break)
        if chomp == "+":
            chunks.append("\n" * breaks)
        self.row = k
        return "".join(chunks)

    def flow(self, p):
        """The flow node at offset p of the text, and the offset just after it."""
        p = _FLOW_SPACE.match(self.text, p).end()
        ch = self.text[p:p + 1]
        if ch in ("[", "{"):
            return self.flow_collection(p)
        if ch in ("'", '"'):
            return self.quoted(p)
        if ch and ch in "&*!":
            raise self.unsupported("anchors, aliases and tags", p)
        if _EXPLICIT_KEY.match(self.text, p):
            raise self.unsupported("complex mapping keys", p)
        plain = _FLOW_PLAIN.match(self.text, p)
        if not plain:
            raise self.error(f"unexpected {ch or 'end of file'!r} in a flow collection", p)
        return self.scalar(_fold(plain[0])), plain.end()

    def flow_collection(self, p):
        text, close = self.text, "]" if self.text[p] == "[" else "}"
        items = [] if close == "]" else {}
        p += 1
        while True:
            p = _FLOW_SPACE.match(text, p).end()
            if text.startswith(close, p):
                return items, p + 1
            key, p = self.flow(p)
            p = _FLOW_SPACE.match(text, p).end()
            pair = text.startswith(":", p)
            value = None
            if pair:
                p = _FLOW_SPACE.match(text, p + 1).end()
                if text[p:p + 1] not in (",", close):
                    value, p = self.flow(p)
            if isinstance(key, (list, dict)) and (pair or close == "}"):
                raise self.unsupported("complex mapping keys", p)
            if close == "}":
                items[key] = value
            else:  # "[a: b]" holds a one-pair mapping
                items.append({key: value} if pair else key)
            p = _FLOW_SPACE.match(text, p).end()
            if text.startswith(",", p):
                p += 1
            elif not text.startswith(close, p):
                raise self.error(f"expected ',' or '{close}' in a flow collection", p)

    def quoted(self, start):
        """A single- or double-quoted scalar at offset start, and the offset after it."""
        text, quote = self.text, self.text[start]
        chunks, p = [], start + 1
        while True:
            run = _QUOTED_RUN[quote].match(text, p)
            if run:
                chunks.append(run[0])
                p = run.end()
            ch = text[p:p + 1]
            if not ch:
                raise self.error("unterminated quoted string", start)
            if text.startswith("''", p) and quote == "'":
                chunks.append("'")
                p += 2
            elif ch == quote:
                return "".join(chunks), p + 1
            elif ch == "\\":
                code = text[p + 1:p + 2]
                if code in _ESCAPES:
                    chunks.append(_ESCAPES[code])
                    p += 2
                elif code in _HEX_ESCAPES:
                    digits = text[p + 2:p + 2 + _HEX_ESCAPES[code]]
                    if not re.fullmatch(r"[0-9A-Fa-f]{%d}" % _HEX_ESCAPES[code], digits):
                        raise self.error(f"bad escape \\{code}{digits}", p)
                    chunks.append(chr(int(digits, 16)))
                    p += 2 + len(digits)
                elif code == "\n":  # an escaped line break joins the lines without a space
                    breaks = _BREAKS.match(text, p + 2)
                    chunks.append("\n" * breaks[0].count("\n"))
                    p = breaks.end()
                else:
                    raise self.error(f"unknown escape \\{code}", p)
            else:  # spaces, and line breaks that fold
                spaces = _SPACES.match(text, p)
                breaks = _BREAKS.match(text, spaces.end())
                chunks.append(_fold(breaks[0]) if "\n" in breaks[0] else spaces[0])
                p = breaks.end() if "\n" in breaks[0] else spaces.end()
