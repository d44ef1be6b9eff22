"""Lets scripts written for the original liftoff keep ``from liftoff.config import read_config``."""
from . import Namespace, parse_opts, read_config

__all__ = ["Namespace", "parse_opts", "read_config"]
