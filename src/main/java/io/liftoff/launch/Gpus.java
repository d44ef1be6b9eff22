package io.liftoff.launch;

import io.liftoff.LiftoffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --gpus} and {@code --per-gpu}: GPU ids given as {@code 0,1,2}, {@code 0 1 2}, {@code 0-3},
 * device UUIDs, or {@code auto} (the GPUs nvidia-smi lists, or those CUDA_VISIBLE_DEVICES already
 * allows); caps as one number for all or one per GPU.
 */
public final class Gpus {
    private static final Pattern INDEX = Pattern.compile("\\d+");
    private static final Pattern RANGE = Pattern.compile("(\\d+)-(\\d+)");
    private static final Pattern UUID = Pattern.compile("(GPU|MIG)-[A-Za-z0-9/-]+");

    private Gpus() {
    }

    /** Whether a command-line word continues a {@code --gpus} list (so the script name that follows does not). */
    public static boolean looksLikeGpus(String word) {
        for (String token : word.split(",")) {
            if (!token.isEmpty() && !token.equals("auto") && !INDEX.matcher(token).matches()
                    && !RANGE.matcher(token).matches() && !UUID.matcher(token).matches()) {
                return false;
            }
        }
        return !word.isEmpty();
    }

    public static List<String> parse(List<String> words) {
        List<String> tokens = new ArrayList<>();
        for (String word : words) {
            for (String token : word.split("[,\\s]+")) {
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        if (tokens.equals(List.of("auto"))) {
            return detect();
        }
        Set<String> gpus = new LinkedHashSet<>();
        for (String token : tokens) {
            Matcher range = RANGE.matcher(token);
            if (INDEX.matcher(token).matches() || UUID.matcher(token).matches()) {
                addOnce(gpus, token);
            } else if (range.matches() && Integer.parseInt(range.group(1)) <= Integer.parseInt(range.group(2))) {
                for (int i = Integer.parseInt(range.group(1)); i <= Integer.parseInt(range.group(2)); i++) {
                    addOnce(gpus, Integer.toString(i));
                }
            } else {
                throw LiftoffException.usage("--gpus: '" + token + "' is not a GPU (write --gpus 0,1,2, --gpus 0-3 or --gpus auto)");
            }
        }
        if (gpus.isEmpty()) {
            throw LiftoffException.usage("--gpus: no GPU given (write --gpus 0,1,2, --gpus 0-3 or --gpus auto)");
        }
        return List.copyOf(gpus);
    }

    private static void addOnce(Set<String> gpus, String gpu) {
        if (!gpus.add(gpu)) {
            throw LiftoffException.usage("--gpus: GPU " + gpu + " is listed twice (use --per-gpu to run several runs on one GPU)");
        }
    }

    /** Caps per GPU: {@code 2} for every GPU, or {@code 2,1,1,1} with one number per GPU. */
    public static int[] perGpu(String text, int gpuCount) {
        if (text == null) {
            int[] caps = new int[gpuCount];
            java.util.Arrays.fill(caps, 1);
            return caps;
        }
        String[] parts = text.split("[,\\s]+");
        int[] caps = new int[gpuCount];
        if (parts.length != 1 && parts.length != gpuCount) {
            throw LiftoffException.usage("--per-gpu " + text + ": gives " + parts.length + " caps for " + gpuCount
                    + " GPUs (give one number for all, or one per GPU)");
        }
        for (int i = 0; i < gpuCount; i++) {
            String part = parts.length == 1 ? parts[0] : parts[i];
            try {
                caps[i] = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw LiftoffException.usage("--per-gpu " + text + ": '" + part + "' is not a whole number");
            }
            if (caps[i] < 1) {
                throw LiftoffException.usage("--per-gpu " + text + ": each cap must be at least 1");
            }
        }
        return caps;
    }

    /** {@code --gpus auto}: the GPUs CUDA_VISIBLE_DEVICES allows, else those nvidia-smi lists. */
    static List<String> detect() {
        String visible = System.getenv(RunProtocol.GPUS);
        if (visible != null && !visible.isBlank()) {
            return parse(List.of(visible));
        }
        Path smi = ScriptCommand.onPath("nvidia-smi");
        if (smi == null) {
            throw LiftoffException.usage("--gpus auto: nvidia-smi is not installed, so no GPU can be found; list them (--gpus 0,1)");
        }
        List<String> gpus = new ArrayList<>();
        try {
            Process process = new ProcessBuilder(smi.toString(), "--query-gpu=index", "--format=csv,noheader")
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw LiftoffException.usage("--gpus auto: nvidia-smi failed: " + output.strip().lines().findFirst().orElse("no output"));
            }
            output.lines().map(String::strip).filter(line -> INDEX.matcher(line).matches()).forEach(gpus::add);
        } catch (IOException e) {
            throw LiftoffException.usage("--gpus auto: cannot run nvidia-smi: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw LiftoffException.usage("--gpus auto: interrupted while asking nvidia-smi");
        }
        if (gpus.isEmpty()) {
            throw LiftoffException.usage("--gpus auto: nvidia-smi lists no GPU on this machine");
        }
        return gpus;
    }
}
