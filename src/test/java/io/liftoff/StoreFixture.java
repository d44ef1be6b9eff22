package io.liftoff;

import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentMeta;
import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import io.liftoff.store.Run;
import io.liftoff.store.VariationFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An experiment written straight into the store, with runs' records written by hand as their
 * writers (the wrapper, a launcher, a Slurm task) would: for tests of decisions that read records,
 * without starting any process. Starts happen on another host, so no process of this one is asked.
 */
public final class StoreFixture {
    /** Seconds since the epoch, long enough ago that every claim is out of its grace. */
    public static final long PAST = 1_700_000_000L;

    private StoreFixture() {
    }

    /** An experiment of {@code variations} variations with {@code runs} runs each, and {@code retries} automatic retries. */
    public static Experiment experiment(Path dir, int variations, int runs, int retries) {
        try {
            Path folder = dir.resolve("exp_2025Jan01-000000");
            Files.createDirectories(folder);
            ExperimentMeta meta = new ExperimentMeta("exp", "2025Jan01-000000", PAST, null, "train.py", dir.toString(),
                    List.of("liftoff", "train.py"), "test", null, runs, retries);
            Json.writeAtomically(folder.resolve(Layout.EXPERIMENT), meta.toMap());
            for (int v = 0; v < variations; v++) {
                Path variation = folder.resolve(String.format("%04d_v%d", v, v));
                Files.createDirectories(variation.resolve(Layout.RUNS));
                VariationFolder.writeRecord(variation, "hash" + v, runs);
            }
            return Experiment.open(folder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Run run(Experiment experiment, int variation, int run) {
        return experiment.variations().get(variation).run(run);
    }

    /** Writes a run's record, the lines given (one event each), as written long ago. */
    public static void record(Run run, String... events) {
        TestFiles.write(run.record(), String.join("\n", events) + "\n");
        run.record().toFile().setLastModified(PAST * 1000);
    }

    /** A claim of {@code owner} for its {@code attempt} (its {@code retry}-th retry); {@code task}: a Slurm task, or null. */
    public static String claim(String owner, int attempt, int retry, String task) {
        return "{\"event\":\"claim\",\"owner\":\"" + owner + "\",\"host\":\"elsewhere\",\"time\":" + PAST
                + ",\"launch\":{\"attempt\":" + attempt + ",\"retry\":" + retry + (task == null ? "" : ",\"task\":\"" + task + "\"") + "}}";
    }

    /** A start by a wrapper on another host. */
    public static String start() {
        return "{\"event\":\"start\",\"time\":" + (PAST + 1) + ",\"pid\":1,\"ticks\":1,\"host\":\"elsewhere\"}";
    }

    public static String end(int code) {
        return "{\"event\":\"end\",\"time\":" + (PAST + 60) + ",\"code\":" + code + "}";
    }

    public static String abort() {
        return "{\"event\":\"abort\",\"time\":" + (PAST + 30) + ",\"by\":\"test\"}";
    }
}
