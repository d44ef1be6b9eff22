package io.liftoff.slurm;

import io.liftoff.store.Json;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A submission's record, {@code .__slurm-<sid>} in the experiment folder: the Slurm job arrays it
 * made (their ids, and which lines of the submission's index each covers), how many runs each task
 * takes, how often a run cut short by its time limit is requeued, the sbatch arguments and the script's command, where and when it was submitted, and
 * whether all its tasks have left the queue (closed: its record stays, squeue is not asked about it
 * any more).
 */
public record Submission(String id, List<Array> arrays, int runs, int runsPerTask, int requeueOnTimeout, List<String> sbatchArguments,
        List<String> command, String workingDirectory, String host, long created, boolean closed) {
    /** Every submission's id and the owner its tasks write in the claims: {@code slurm-…}. */
    public static final String PREFIX = "slurm-";

    /** Whether a claim's owner is a task of a submission. */
    public static boolean isOwner(String owner) {
        return owner != null && owner.startsWith(PREFIX);
    }

    /** One job array: its Slurm job id, the first index line its task 0 reads, and its number of tasks. */
    public record Array(String jobId, int offset, int tasks) {
    }

    public static Path file(Path experiment, String id) {
        return experiment.resolve(Layout.SESSION_PREFIX + id);
    }

    /** The submission's folder: its index, its batch program, and Slurm's log of each task. */
    public static Path folder(Path experiment, String id) {
        return experiment.resolve(Layout.SUBMISSIONS).resolve(id);
    }

    /** The submission's early stopping settings ({@code --prune}), which its tasks read: absent without. */
    public static Path pruning(Path experiment, String id) {
        return folder(experiment, id).resolve("prune.json");
    }

    public List<String> jobIds() {
        return arrays.stream().map(Array::jobId).toList();
    }

    public Submission closed(boolean now) {
        return new Submission(id, arrays, runs, runsPerTask, requeueOnTimeout, sbatchArguments, command, workingDirectory, host, created, now);
    }

    public void write(Path experiment) throws IOException {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("submission", id);
        List<Object> list = new ArrayList<>();
        for (Array array : arrays) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("job_id", array.jobId());
            item.put("offset", array.offset());
            item.put("tasks", array.tasks());
            list.add(item);
        }
        map.put("arrays", list);
        map.put("runs", runs);
        map.put("runs_per_task", runsPerTask);
        map.put("requeue_on_timeout", requeueOnTimeout);
        map.put("sbatch", sbatchArguments);
        map.put("command", command);
        map.put("working_directory", workingDirectory);
        map.put("host", host);
        map.put("created", created);
        map.put("closed", closed);
        Json.writeAtomically(file(experiment, id), map);
    }

    /** The submissions recorded among {@code names}, the entries of the experiment folder. */
    public static List<Submission> readAll(Path experiment, String[] names) {
        List<Submission> submissions = new ArrayList<>();
        for (String name : names) {
            if (name.startsWith(Layout.SESSION_PREFIX + PREFIX) && !name.contains(".tmp-")) {
                Submission submission = read(experiment.resolve(name));
                if (submission != null) {
                    submissions.add(submission);
                }
            }
        }
        submissions.sort((a, b) -> Long.compare(a.created(), b.created()));
        return submissions;
    }

    @SuppressWarnings("unchecked")
    static Submission read(Path file) {
        Map<String, Object> map = Json.readObject(file);
        if (map == null || map.get("submission") == null) {
            return null;
        }
        List<Array> arrays = new ArrayList<>();
        if (map.get("arrays") instanceof List) {
            for (Object item : (List<Object>) map.get("arrays")) {
                if (item instanceof Map) {
                    Map<String, Object> array = (Map<String, Object>) item;
                    arrays.add(new Array(String.valueOf(array.get("job_id")), number(array, "offset"), number(array, "tasks")));
                }
            }
        }
        return new Submission(map.get("submission").toString(), arrays, number(map, "runs"),
                Math.max(1, number(map, "runs_per_task")), Math.max(0, number(map, "requeue_on_timeout")),
                map.get("sbatch") instanceof List ? (List<String>) map.get("sbatch") : List.of(),
                map.get("command") instanceof List ? (List<String>) map.get("command") : List.of(),
                map.get("working_directory") == null ? null : map.get("working_directory").toString(),
                String.valueOf(map.get("host")), map.get("created") instanceof Number ? ((Number) map.get("created")).longValue() : 0,
                Boolean.TRUE.equals(map.get("closed")));
    }

    private static int number(Map<String, Object> map, String key) {
        return map.get(key) instanceof Number ? ((Number) map.get(key)).intValue() : 0;
    }

    /** The index: one run per line, {@code <variation>/<run>}, in the order tasks take them. */
    public static Path index(Path experiment, String id) {
        return folder(experiment, id).resolve("index");
    }
}
