"""A synthetic learning-curve problem for bench/search: 81 configurations (9 learning rates x 9
widths), a loss per step that falls like a training loss, with noise seeded per configuration, and a
known best configuration at the last step.

Faster learning rates fall sooner, and past lr = 0.03 level off higher; wider models (up to 512)
level off lower but fall more slowly. So early losses rank configurations only roughly: the curves
cross until about step 9, as real ones do. Each step sleeps $STEP_MS milliseconds (10 unless set), as
a training step takes time.

    python3 curve.py              each configuration's final loss and the best one (no sleeping)
    a liftoff run                 its config has trial (0-80, which configuration) and max_step;
                                  it reports loss at steps 1..max_step
"""
import math
import os
import random
import time

LRS = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0]
WIDTHS = [8, 16, 32, 64, 128, 256, 512, 1024, 2048]
MAX_STEP = 81
STEP_SECONDS = float(os.environ.get("STEP_MS", "10")) / 1000
NOISE = 0.01


def configurations():
    """The 81 configurations in a fixed random order, as a random search would try them: trial i
    (liftoff's variation i, Optuna's trial i) is configuration i."""
    grid = [(lr, width) for lr in LRS for width in WIDTHS]
    random.Random(2026).shuffle(grid)
    return grid


def clean(lr, width, step):
    """The loss without noise: floor + (start - floor) * exp(-step / tau)."""
    x = LRS.index(lr) / 8
    y = WIDTHS.index(width) / 8
    floor = 0.10 + 1.2 * (x - 0.6) ** 2 + 0.3 * (y - 0.75) ** 2
    tau = 4 * 10 ** (-0.3 * x) * (1 + 0.5 * y)
    return floor + (2.3 - floor) * math.exp(-step / tau)


class Curve:
    """One configuration's noisy curve: the same values, step by step, wherever it runs."""

    def __init__(self, lr, width):
        self.lr, self.width = lr, width
        self.rng = random.Random("%s/%s" % (lr, width))

    def step(self, step, sleep=True):
        if sleep:
            time.sleep(STEP_SECONDS)
        return clean(self.lr, self.width, step) * math.exp(NOISE * self.rng.gauss(0, 1))


def finals():
    """Each configuration's noisy value at MAX_STEP, without sleeping."""
    values = {}
    for lr, width in configurations():
        curve = Curve(lr, width)
        for step in range(1, MAX_STEP + 1):
            value = curve.step(step, sleep=False)
        values[(lr, width)] = value
    return values


def main():
    from liftoff import parse_opts, report
    opts = parse_opts()
    curve = Curve(*configurations()[opts.trial])
    for step in range(1, opts.max_step + 1):
        report(step, loss=curve.step(step))


if __name__ == "__main__":
    if os.environ.get("LIFTOFF_RUN_DIR"):
        main()
    else:
        values = finals()
        for lr in LRS:
            print(" ".join("%.3f" % values[(lr, width)] for width in WIDTHS), " lr", lr)
        best = min(values, key=values.get)
        print("best: lr %s width %s, loss %.4f at step %d" % (best[0], best[1], values[best], MAX_STEP))
