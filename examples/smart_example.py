"""The tutorial's script: adds x, yz.y and yz.z after a short nap.

liftoff runs it as `python3 -u smart_example.py <cfg.yaml> --session-id <id>`;
parse_opts() reads that config into nested attributes (opts.yz.y).
"""
import random
import time

from liftoff import parse_opts


def run(opts):
    time.sleep(random.uniform(0.5, 1.5))
    total = opts.x + opts.yz.y + opts.yz.z
    print(f"{opts.x} + {opts.yz.y} + {opts.yz.z} = {total}")


def main():
    opts = parse_opts()
    run(opts)


if __name__ == "__main__":
    main()
