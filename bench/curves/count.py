"""The liftoff side of bench/search, read from a results folder: steps executed (lines in the runs'
metrics files), runs pruned, the best loss at the last step and its configuration, and the steps
pruned runs executed past the rung or step at which they were judged (the pruning's latency).

    python3 count.py RESULTS_FOLDER MAX_STEP
"""
import json
import os
import re
import sys

import curve


def main():
    root, max_step = sys.argv[1], int(sys.argv[2])
    steps = pruned = late = 0
    best = None
    for path, _, files in os.walk(root):
        if os.path.basename(path) != ".__runs":
            continue
        trial = int(re.search(r"trial_(\d+)", os.path.dirname(path)).group(1))
        for name in files:
            if not name.endswith(".metrics"):
                continue
            lines = [json.loads(line) for line in open(os.path.join(path, name)) if line.strip()]
            steps += len(lines)
            final = [line["loss"] for line in lines if line["step"] == max_step]
            if final and (best is None or final[0] < best[0]):
                best = (final[0], trial)
            for line in open(os.path.join(path, name[:-len(".metrics")])):
                event = json.loads(line)
                if event.get("event") == "prune":
                    pruned += 1
                    late += max(line["step"] for line in lines) - int(event["rung"])
    if best is None:
        print("%d %d nan none %d" % (steps, pruned, late))
        return
    lr, width = curve.configurations()[best[1]]
    print("%d %d %.4f lr=%s,width=%s %d" % (steps, pruned, best[0], lr, width, late))


if __name__ == "__main__":
    main()
