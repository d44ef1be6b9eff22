"""The tutorial's script: adds x, yz.y and yz.z after a short nap.

liftoff runs it as `python3 -u smart_example.py <cfg.yaml> --session-id <id>`;
parse_opts() reads that config into nested attributes (opts.yz.y). Started by
hand (`python3 examples/smart_example.py -c diff`, with the helper on PYTHONPATH:
see `liftoff pythonpath`), it gets the config liftoff would give it.
"""
import json
import os
import random
import time

from liftoff import parse_opts


def run(opts):
    time.sleep(random.uniform(0.5, 1.5))
    total = opts.x + opts.yz.y + opts.yz.z
    print(f"{opts.x} + {opts.yz.y} + {opts.yz.z} = {total}")
    if "out_dir" in opts:  # a run of liftoff: leave a summary for liftoff-collect
        with open(os.path.join(opts.out_dir, "summary.json"), "w") as f:
            json.dump({"total": total, "noisy": round(total + random.gauss(0, 1), 3)}, f)


def main():
    opts = parse_opts()
    run(opts)


if __name__ == "__main__":
    main()
