package io.liftoff.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run folders made while runs go. A new experiment holds every variation (its folder, config and
 * record, which says how many runs it has) before its first run starts, but only its first
 * {@link #EAGER} runs' folders: writing a folder, {@code cfg.yaml} and {@code cfg.json} for each of
 * 50,000 runs first kept the first run waiting for minutes. The other folders are made here, on a
 * thread of the launcher, while runs go; a run claimed before its folder was made gets it from its
 * claimer (as a run whose folder its script wiped does), so nothing waits for this thread and nothing
 * under {@code configs/} is needed again. A launcher waits for it before it exits, and one that was
 * killed leaves folders that the next launch on the experiment makes.
 *
 * <p>A run folder is built under {@code .__staging-run-<id>-<pid>} in its variation and renamed into
 * place only while no folder of that name exists, so it appears whole or not at all, and a folder a
 * claimer made (and its script may be using) is never touched. A staging folder left by a killed
 * launcher is removed by the next one.
 */
public final class RunFolders {
    /** How many runs of a new experiment get their folders before its first run starts. */
    public static final int EAGER = 8;
    private static final String STAGING = Layout.STAGING_PREFIX + "run-";

    /** The threads filling experiments this process launches on (one a launch; tests launch several in one process). */
    private static final List<Thread> FILLERS = new java.util.ArrayList<>();

    /** Released by this process's first claim of a run; a launcher that claims nothing (a Slurm submission) fills after a wait. */
    private static final CountDownLatch FIRST_CLAIM = new CountDownLatch(1);
    private static final long FIRST_CLAIM_WAIT_MS = 2000;

    private RunFolders() {
    }

    /** This process claimed a run: the first run is on its way, the other folders may be made now. */
    public static void claimed() {
        FIRST_CLAIM.countDown();
    }

    /** Starts making the experiment's missing run folders on a thread of this process. */
    public static void fillInBackground(Experiment experiment) {
        Thread filler = new Thread(() -> {
            try {
                // The first run's start comes first: on a machine of two cores, this thread would delay it.
                FIRST_CLAIM.await(FIRST_CLAIM_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            fill(experiment);
        }, "run-folders");
        filler.setDaemon(true);
        synchronized (FILLERS) {
            FILLERS.add(filler);
        }
        filler.start();
    }

    /** Waits until the thread {@link #fillInBackground} started has made every folder. */
    public static void awaitFilled() {
        List<Thread> fillers;
        synchronized (FILLERS) {
            fillers = List.copyOf(FILLERS);
            FILLERS.clear();
        }
        for (Thread filler : fillers) {
            try {
                filler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Makes every missing run folder of the experiment; returns how many it made. */
    public static int fill(Experiment experiment) {
        int made = 0;
        String comment = experiment.meta().comment();
        List<VariationFolder> variations = experiment.variations();
        for (VariationFolder variation : variations) {
            try {
                made += fill(experiment, variation, comment);
            } catch (IOException | RuntimeException e) {
                // A variation that cannot take folders now: each run's claimer makes its folder or reports why it cannot.
            }
        }
        return made;
    }

    private static int fill(Experiment experiment, VariationFolder variation, String comment) throws IOException {
        String[] names = variation.path().toFile().list();
        if (names == null) {
            return 0; // a variation its scripts removed stays removed
        }
        Set<String> present = new HashSet<>();
        for (String name : names) {
            present.add(name);
            if (name.startsWith(STAGING) && !isAlive(name.substring(name.lastIndexOf('-') + 1))) {
                ExperimentWriter.deleteOwnTree(variation.path().resolve(name));
            } else if (name.startsWith(EndedRuns.TEMPORARY_PREFIX) && !isAlive(summaryWriter(name))) {
                // A summary's writer killed between writing and renaming (EndedRuns.write): never read, removed here.
                Files.deleteIfExists(variation.path().resolve(name));
            }
        }
        int runsNo = variation.runsNo();
        java.util.Map<String, Object> config = null;
        int made = 0;
        for (int run = 0; run < runsNo; run++) {
            String id = Integer.toString(run);
            if (present.contains(id)) {
                continue;
            }
            if (config == null) {
                config = variation.config();
            }
            Path staging = variation.path().resolve(STAGING + id + "-" + ProcessHandle.current().pid());
            Path folder = variation.path().resolve(id);
            try {
                // createDirectory, not createDirectories: a variation removed meanwhile is not made again.
                Files.createDirectory(staging);
                ExperimentWriter.writeRun(staging, folder, experiment.folderName(), config, variation.index(), run, comment);
                if (!folder.toFile().exists()) {
                    // a rename, as an atomic move is: a folder made meanwhile (not empty) makes it fail
                    Files.move(staging, folder, StandardCopyOption.ATOMIC_MOVE);
                    made++;
                }
            } catch (NoSuchFileException gone) {
                return made;
            } catch (IOException e) {
                // its claimer made it first: that one is the run's
            } finally {
                ExperimentWriter.deleteOwnTree(staging);
            }
        }
        return made;
    }

    /** The pid in a summary's temporary name, {@code .__summary.tmp-<pid>-<thread>}. */
    private static String summaryWriter(String name) {
        String rest = name.substring(EndedRuns.TEMPORARY_PREFIX.length());
        int dash = rest.indexOf('-');
        return dash < 0 ? rest : rest.substring(0, dash);
    }

    private static boolean isAlive(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
