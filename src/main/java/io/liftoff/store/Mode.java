package io.liftoff.store;

import java.util.Locale;
import java.util.Set;

/**
 * Which way a metric improves, for its best value: {@code --mode min|max}, or guessed from its name
 * when none is given: a name that speaks of a loss or an error ({@code loss}, {@code val_loss},
 * {@code error}, {@code err}, {@code mse}, {@code mae}, {@code rmse}, {@code nll}, {@code perplexity},
 * {@code ppl}, {@code regret}, {@code cost}) is minimized, any other (accuracy, reward, score) maximized.
 */
public enum Mode {
    MIN,
    MAX;

    private static final Set<String> SMALL_WORDS = Set.of("err", "mse", "mae", "rmse", "nll", "ppl");
    private static final String[] PARTS = {"loss", "error", "perplexity", "regret", "cost"};

    /** The mode given, else the one guessed from the metric's name. */
    public static Mode of(Mode given, String metric) {
        return given != null ? given : guess(metric);
    }

    public static Mode guess(String metric) {
        String name = metric.toLowerCase(Locale.ROOT);
        for (String part : PARTS) {
            if (name.contains(part)) {
                return MIN;
            }
        }
        for (String word : name.split("[^a-z0-9]+")) {
            if (SMALL_WORDS.contains(word)) {
                return MIN;
            }
        }
        return MAX;
    }

    public boolean minimizes() {
        return this == MIN;
    }
}
