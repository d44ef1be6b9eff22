package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.launch.Gpus;
import io.liftoff.process.LiveProcesses;
import io.liftoff.report.ExperimentTimeline;
import io.liftoff.report.HtmlReport;
import io.liftoff.report.Timeline;
import io.liftoff.store.Experiment;
import io.liftoff.store.ExperimentSelector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "liftoff-report",
        description = {
            "Writes a picture of an experiment as one self-contained HTML file (no script, nothing fetched): a "
                    + "timeline with a lane per GPU slot (or CPU slot) and each run, each attempt of a retried run, "
                    + "as a bar from its start to its end, coloured by how it ended; hover a bar for its run, exit "
                    + "code and duration. Below: the status, the use of each GPU, and the crash groups.",
            "Works on a running experiment too (its bars reach the time of the report). Prints the file's path.",
            ExperimentSelector.HELP})
public final class ReportCommand extends BaseCommand {
    @Mixin
    SelectionMixin selection;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Where to write the page (default: report.html in the experiment folder).")
    Path output;

    @Override
    protected ExitCode execute() {
        if (output != null && Files.isDirectory(output)) {
            throw LiftoffException.usage("-o " + output + ": a folder; name the file to write (for example " + output.resolve(HtmlReport.FILE_NAME) + ")");
        }
        Path parent = output == null ? null : output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw LiftoffException.usage("-o " + output + ": no folder " + Display.path(parent) + " to write it in");
        }
        Experiment experiment = selection.selector().one(true);
        Timeline timeline = ExperimentTimeline.read(experiment, launchSlots(experiment.meta().commandLine()),
                new LiveProcesses(), System.currentTimeMillis(), ZoneId.systemDefault());
        Path file = output != null ? output : HtmlReport.defaultFile(timeline);
        try {
            HtmlReport.write(timeline, file);
        } catch (IOException e) {
            throw LiftoffException.environment("cannot write " + Display.path(file) + ": " + e.getMessage(), e);
        }
        out().println(Display.path(file));
        return ExitCode.OK;
    }

    /**
     * The GPUs and caps, or the parallelism without GPUs, that the launch which created the experiment
     * asked for (its command line is kept in the experiment). {@code --gpus auto} and GPUs named by
     * UUID are left to the runs' records.
     */
    static ExperimentTimeline.Slots launchSlots(List<String> commandLine) {
        if (commandLine.size() < 2) {
            return ExperimentTimeline.Slots.UNKNOWN;
        }
        LaunchCommand launch = new LaunchCommand();
        try {
            new CommandLine(launch).parseArgs(commandLine.subList(1, commandLine.size()).toArray(String[]::new));
            if (launch.scheduling.gpus == null) {
                return new ExperimentTimeline.Slots(List.of(), launch.scheduling.procsNo != null ? launch.scheduling.procsNo : 1);
            }
            if (String.join(",", launch.scheduling.gpus).contains("auto")) {
                return ExperimentTimeline.Slots.UNKNOWN;
            }
            List<String> ids = Gpus.parse(launch.scheduling.gpus);
            int[] caps = Gpus.perGpu(launch.scheduling.perGpu, ids.size());
            List<Timeline.Gpu> gpus = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).chars().allMatch(Character::isDigit) && ids.get(i).length() <= 9) {
                    gpus.add(new Timeline.Gpu(Integer.parseInt(ids.get(i)), caps[i]));
                }
            }
            return new ExperimentTimeline.Slots(gpus, 0);
        } catch (CommandLine.PicocliException | LiftoffException e) {
            // recorded by another version of liftoff: let the records speak
            return ExperimentTimeline.Slots.UNKNOWN;
        }
    }
}
