package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Cli;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/** {@code liftoff --help} in sections (argument groups that only sort the help), and parsing as before them. */
class LaunchHelpTest {
    private static final List<String> HEADINGS = List.of(
            "Common options:", "What to run:", "Scheduling:", "Slurm options:", "Results folder:", "Exit codes:");

    @Test
    void theHelpShowsItsSectionsInOrder() {
        List<String> lines = Cli.run("--help").ok().outLines();
        int last = -1;
        for (String heading : HEADINGS) {
            int at = lines.indexOf(heading);
            assertTrue(at > last, heading + " after the section before it, in:\n" + String.join("\n", lines));
            last = at;
        }
    }

    @Test
    void everyOptionIsListedExactlyOnce() {
        String help = Cli.run("--help").ok().out();
        List<OptionSpec> options = Commands.create(Commands.LAUNCH).getCommandSpec().options();
        assertTrue(options.size() > 40, "the launcher's options: " + options.size());
        for (OptionSpec option : options) {
            // An option's entry in the list starts its line: "  -c, --config-file=NAME", "      --[no-]detach".
            String name = option.longestName().replaceFirst("^--", option.negatable() ? "--[no-]" : "--");
            Matcher entries = Pattern.compile("(?m)^ {2}(-\\w, |    )" + Pattern.quote(name) + "[=\\s]").matcher(help);
            int count = 0;
            while (entries.find()) {
                count++;
            }
            assertEquals(1, count, name + " in:\n" + help);
        }
    }

    @Test
    void theSlurmSectionHoldsEverySlurmOption() {
        List<String> lines = Cli.run("--help").ok().outLines();
        List<String> section = lines.subList(lines.indexOf("Slurm options:") + 1, lines.indexOf("Results folder:"));
        for (String option : List.of("--slurm", "--gpus-per-run", "--time", "--sbatch-arg", "--wait", "--jar")) {
            assertTrue(section.stream().anyMatch(line -> line.startsWith("      " + option)), option);
        }
    }

    @Test
    void anOptionGivenTwiceIsStillBadUsageInsideASection() {
        assertEquals("liftoff: option '--runs-no' (N) should be specified only once (see liftoff --help)",
                Cli.run("x.py", "--runs-no", "2", "-c", "a", "--runs-no", "3").rejected().err().strip());
        assertEquals("liftoff: option '--configs-dir' (DIR) should be specified only once (see liftoff --help)",
                Cli.run("x.py", "--configs-dir", "a", "--configs-dir", "b").rejected().err().strip());
        assertEquals("liftoff: option '--shuffle' should be specified only once (see liftoff --help)",
                Cli.run("x.py", "--shuffle", "--shuffle").rejected().err().strip());
    }

    @Test
    void sectionsNobodyNamedKeepTheirDefaults() {
        LaunchCommand launch = new LaunchCommand();
        new picocli.CommandLine(launch).parseArgs("x.py");
        assertEquals("10", launch.scheduling.grace);
        assertEquals("python3", launch.what.python);
        assertEquals("configs", launch.what.configs.configsDir.toString());
        assertEquals("results", launch.results.resultsPath.toString());
        assertEquals(1, launch.slurm.runsPerTask);
        launch = new LaunchCommand();
        new picocli.CommandLine(launch).parseArgs("x.py", "--slurm", "--grace", "3", "--runs-no", "2", "--gpus", "0", "--gpus", "1");
        assertEquals("3", launch.scheduling.grace);
        assertEquals(List.of("0", "1"), launch.scheduling.gpus);
        assertEquals(2, launch.what.runsNo);
        assertEquals("python3", launch.what.python);
        assertEquals(1, launch.slurm.runsPerTask);
        assertTrue(launch.slurm.enabled());
        launch = new LaunchCommand();
        new picocli.CommandLine(launch).parseArgs("x.py", "-c", "diff");
        assertEquals("diff", launch.what.configFile);
        assertEquals("configs", launch.what.configs.configsDir.toString());
    }
}
