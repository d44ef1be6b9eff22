package io.liftoff.cli;

import io.liftoff.LiftoffException;
import io.liftoff.store.Mode;
import io.liftoff.launch.Pruning;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The launcher's early stopping options: {@code --prune asha|median --metric NAME --mode min|max} and ASHA's rungs. */
public final class PruneMixin {
    @Option(names = "--prune", paramLabel = "asha|median", converter = RuleConverter.class,
            description = "Stop runs that fall behind on --metric (they end pruned: not a failure, never retried): asha stops a run "
                    + "not among the best 1/--reduction at a rung (--grace-step x --reduction^k); median one whose best is worse "
                    + "than the median of the others at its step (from --grace-step on).")
    Pruning.Rule rule;

    @Option(names = "--metric", paramLabel = "NAME", description = "With --prune: the reported metric to judge runs by.")
    String metric;

    @Option(names = "--mode", paramLabel = "min|max", converter = CollectCommand.ModeConverter.class,
            description = "With --prune: whether --metric is better small or large (default: guessed from its name, as liftoff-collect does).")
    Mode mode;

    @Option(names = "--grace-step", paramLabel = "STEP", description = "With --prune: no run is judged before this step; "
            + "ASHA's first rung (default 1).")
    Double graceStep;

    @Option(names = "--reduction", paramLabel = "R", description = "With --prune asha: rungs grow by R and 1/R of the runs go on (default 3).")
    Double reduction;

    @Option(names = "--max-step", paramLabel = "STEP", description = "With --prune asha: no rung at or beyond this step.")
    Double maxStep;

    /** The settings; null without --prune. Options given without --prune, or out of range, are usage errors. */
    public Pruning.Settings settings() {
        if (rule == null) {
            String stray = metric != null ? "--metric" : mode != null ? "--mode" : graceStep != null ? "--grace-step"
                    : reduction != null ? "--reduction" : maxStep != null ? "--max-step" : null;
            if (stray != null) {
                throw LiftoffException.usage(stray + " is for early stopping: give --prune asha|median too");
            }
            return null;
        }
        if (metric == null || metric.isBlank()) {
            throw LiftoffException.usage("--prune " + rule.key() + " needs --metric NAME (a metric the runs report)");
        }
        if (rule != Pruning.Rule.ASHA && (reduction != null || maxStep != null)) {
            throw LiftoffException.usage((reduction != null ? "--reduction" : "--max-step") + " is for --prune asha");
        }
        double grace = graceStep == null ? 1 : graceStep;
        double factor = reduction == null ? 3 : reduction;
        if (!(grace > 0) || Double.isInfinite(grace)) {
            throw LiftoffException.usage("--grace-step " + graceStep + ": must be a step above 0");
        }
        if (!(factor > 1) || Double.isInfinite(factor)) {
            throw LiftoffException.usage("--reduction " + reduction + ": must be above 1");
        }
        if (maxStep != null && !(maxStep > grace)) {
            throw LiftoffException.usage("--max-step " + maxStep + ": must be above --grace-step " + grace);
        }
        return new Pruning.Settings(rule, metric, Mode.of(mode, metric), grace, factor, maxStep);
    }

    /** {@code asha} or {@code median}, in any case. */
    static final class RuleConverter implements ITypeConverter<Pruning.Rule> {
        @Override
        public Pruning.Rule convert(String value) {
            for (Pruning.Rule rule : Pruning.Rule.values()) {
                if (rule.key().equalsIgnoreCase(value)) {
                    return rule;
                }
            }
            throw new TypeConversionException("'" + value + "' is not asha or median");
        }
    }
}
