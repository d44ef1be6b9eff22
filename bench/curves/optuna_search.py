"""The Optuna side of bench/search: the 81 configurations of curve.py, enqueued in liftoff's order
(trial i evaluates configuration i, with its seed), a RandomSampler (it samples nothing: every
parameter is fixed by the queue), 4 trials at a time in threads (the steps sleep, which frees the
GIL), the same per-step sleep, and a pruner. Prints one line: steps executed (trial.report calls),
trials pruned, the best final loss and its configuration, and the wall time in seconds.

    STEP_MS=10 python3 optuna_search.py sha|median|none GRACE REDUCTION MAX_STEP
"""
import logging
import sys
import threading
import time

import optuna

import curve


def main():
    rule, grace, reduction, max_step = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    optuna.logging.set_verbosity(logging.WARNING)
    if rule == "sha":
        pruner = optuna.pruners.SuccessiveHalvingPruner(min_resource=grace, reduction_factor=reduction)
    elif rule == "median":
        pruner = optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=grace)
    else:
        pruner = optuna.pruners.NopPruner()
    study = optuna.create_study(direction="minimize", sampler=optuna.samplers.RandomSampler(seed=0), pruner=pruner)
    for lr, width in curve.configurations():
        study.enqueue_trial({"lr": lr, "width": width})
    steps = [0]
    lock = threading.Lock()

    def objective(trial):
        lr = trial.suggest_categorical("lr", curve.LRS)
        width = trial.suggest_categorical("width", curve.WIDTHS)
        run = curve.Curve(lr, width)
        for step in range(1, max_step + 1):
            value = run.step(step)
            trial.report(value, step)
            with lock:
                steps[0] += 1
            # As liftoff's --max-step: no rung at or beyond the last step, whose value is the result.
            if step < max_step and trial.should_prune():
                raise optuna.TrialPruned()
        return value

    start = time.time()
    study.optimize(objective, n_trials=len(curve.configurations()), n_jobs=4)
    wall = time.time() - start
    done = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    pruned = sum(1 for t in study.trials if t.state == optuna.trial.TrialState.PRUNED)
    best = min(done, key=lambda t: t.value)
    print("%d %d %.4f lr=%s,width=%s %.1f" % (steps[0], pruned, best.value, best.params["lr"],
                                             best.params["width"], wall))


if __name__ == "__main__":
    main()
