package io.liftoff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liftoff.Shells;
import io.liftoff.TestFiles;
import io.liftoff.cli.Completion.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.OptionSpec;

/** The completion scripts the build generates: valid, complete, and what bash and fish make of them. */
class CompletionTest {
    @TempDir
    Path dir;

    Path scripts;
    /** A stand-in for bin/liftoff that notes how it was asked and offers one name. */
    Path fakeBin;
    Path calls;
    Map<String, String> env;

    @BeforeEach
    void generate() throws IOException {
        scripts = dir.resolve("completion");
        Completion.main(new String[] {scripts.toString()});
        fakeBin = dir.resolve("fake-bin");
        calls = dir.resolve("calls");
        TestFiles.write(fakeBin.resolve("liftoff"), "#!/bin/sh\nprintf '%s|' \"$@\" >> '" + calls + "'\necho >> '" + calls
                + "'\necho test_experiment\n").toFile().setExecutable(true);
        env = Map.of("PATH", fakeBin + ":" + System.getenv("PATH"));
    }

    private String script(String name) {
        return TestFiles.read(scripts.resolve(name));
    }

    private List<String> bash(String... words) {
        return Shells.bash(scripts.resolve("liftoff.bash"), dir, env, words);
    }

    private List<String> calls() {
        return Files.exists(calls) ? TestFiles.read(calls).lines().toList() : List.of();
    }

    @Test
    void bashScriptIsValid() {
        Shells.run(dir, Map.of(), "bash", "-n", scripts.resolve("liftoff.bash").toString()).ok();
    }

    @Test
    void zshScriptIsValid() {
        Shells.assumeInstalled("zsh");
        Shells.run(dir, Map.of(), "zsh", "-n", scripts.resolve("_liftoff").toString()).ok();
    }

    @Test
    void fishScriptIsValid() {
        Shells.assumeInstalled("fish");
        Shells.run(dir, Map.of(), "fish", "-n", scripts.resolve("liftoff.fish").toString()).ok();
    }

    @Test
    void everyWrapperInBinIsCompletedByEachShell() throws IOException {
        List<String> wrappers;
        try (Stream<Path> files = Files.list(Path.of("bin"))) {
            wrappers = files.map(file -> file.getFileName().toString()).sorted().toList();
        }
        String bashLine = script("liftoff.bash").lines().filter(line -> line.startsWith("complete -F _liftoff ")).findFirst().orElseThrow();
        List<String> zshLine = List.of(script("_liftoff").lines().findFirst().orElseThrow().split(" "));
        for (String wrapper : wrappers) {
            assertTrue(List.of(bashLine.split(" ")).contains(wrapper), wrapper + " in bash's " + bashLine);
            assertTrue(zshLine.contains(wrapper), wrapper + " in zsh's " + zshLine);
            assertTrue(script("liftoff.fish").contains(wrapper.equals("liftoff") ? "for command in liftoff\n" : "for command in liftoff " + wrapper + "\n"),
                    wrapper + " in fish's script");
        }
    }

    @Test
    void eachScriptOffersEveryOptionOfEveryCommand() {
        String bash = script("liftoff.bash");
        String zsh = script("_liftoff");
        String fish = script("liftoff.fish");
        for (String name : Commands.NAMES) {
            for (OptionSpec option : Commands.create(name).getCommandSpec().options()) {
                for (String optionName : option.hidden() ? new String[0] : option.names()) {
                    assertTrue(bash.matches("(?s).*\n        options\\) __liftoff_kind='[^']*(?<=[ '])" + optionName + "[ '].*"), name + " " + optionName + " in bash");
                    assertTrue(zsh.matches("(?s).*[)*]" + optionName + "[\\[=+].*"), name + " " + optionName + " in zsh");
                    String fishName = optionName.startsWith("--") ? "-l " + optionName.substring(2) : "-s " + optionName.substring(1);
                    assertTrue(fish.contains("'__liftoff_runs " + name + "'") && fish.matches("(?s).*__liftoff_runs " + name + "'[^\n]* " + fishName + " .*"),
                            name + " " + optionName + " in fish");
                }
            }
        }
        assertTrue(bash.contains("--no-detach") && zsh.contains("--no-detach") && fish.contains("-l no-detach"), "negated options");
    }

    @Test
    void valuesCompleteToWhatTheyName() {
        assertEquals(Kind.EXPERIMENTS, option("status", "-e").kind());
        assertEquals(Kind.EXPERIMENTS_OR_DIRECTORIES, positional("status", 0).kind());
        assertEquals(Kind.TIMESTAMPS, option("abort", "--timestamp").kind());
        assertEquals(Kind.DIRECTORIES, option("clean", "--results-path").kind());
        assertEquals(Kind.GRIDS, option(Commands.LAUNCH, "-e").kind());
        assertEquals(Kind.TIMESTAMPS, option(Commands.LAUNCH, "-t").kind());
        assertEquals(Kind.CONFIGS_OR_FILES, option(Commands.LAUNCH, "-c").kind());
        assertEquals(Kind.CONFIGS_OR_FILES, option(Commands.LAUNCH, "--default-config-file").kind());
        assertEquals(Kind.DIRECTORIES, option(Commands.LAUNCH, "--configs-dir").kind());
        assertEquals(Kind.FILES, positional(Commands.LAUNCH, 0).kind());
        assertEquals(Kind.DIRECTORIES, positional(Commands.LAUNCH, 1).kind());
        assertEquals(Kind.TEXT, option(Commands.LAUNCH, "--runs-no").kind());
        assertEquals(Kind.GRIDS_OR_DIRECTORIES, positional("prepare", 0).kind());
        assertEquals(Kind.FLAG, option("prepare", "-c").kind());
        assertEquals(Kind.WORDS, option("status", "--color").kind());
        assertEquals(List.of("auto", "always", "never"), option("status", "--color").words());
    }

    private static Completion.Option option(String command, String name) {
        return Completion.commands().stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .options().stream().filter(o -> o.names().contains(name)).findFirst().orElseThrow();
    }

    private static Completion.Positional positional(String command, int index) {
        return Completion.commands().stream().filter(c -> c.name().equals(command)).findFirst().orElseThrow()
                .positionals().stream().filter(p -> p.from() == index).findFirst().orElseThrow();
    }

    @Test
    void bashCompletesOptionsAndTheValuesPicocliKnows() {
        assertEquals(List.of("--results-path"), bash("liftoff-status", "--res"));
        assertEquals(List.of("auto", "always", "never"), bash("liftoff-status", "--color", ""));
        assertEquals(List.of("always"), bash("liftoff-status", "--color", "=", "al"));
        assertEquals(List.of("--clean"), bash("liftoff-prepare", "--cl"));
        assertEquals(List.of(), bash("liftoff", "--runs-no", ""));
        assertEquals(List.of(), calls(), "liftoff asked for nothing");
    }

    @Test
    void bashCompletesLiftoffsFirstWordToSubcommandsAndScripts() {
        TestFiles.write(dir.resolve("run.py"), "");
        List<String> first = bash("liftoff", "");
        assertTrue(first.containsAll(List.of("run.py", "status", "prepare", "unlock")), first.toString());
        assertEquals(List.of("status"), bash("liftoff", "stat"));
        assertEquals(List.of("--runs-no", "--runs-per-task"), bash("liftoff", "--runs"), "the launcher's options");
        assertEquals(List.of("--runs"), bash("liftoff", "status", "--runs"), "status's options");
    }

    @Test
    void bashAsksLiftoffForNamesWithTheFoldersTyped() {
        assertEquals(List.of("test_experiment"), bash("liftoff-status", "-e", "te"));
        assertEquals(List.of("test_experiment"), bash("liftoff-status", "--results-path", "'my results'", "-t", "19"));
        assertEquals(List.of("test_experiment"), bash("liftoff", "--configs-dir", "=", "cfg", "-c", "d"));
        assertEquals(List.of("test_experiment"), bash("liftoff", "-e", ""));
        assertEquals(List.of("test_experiment"), bash("liftoff", "abort", "--experiment", "=", ""));
        assertEquals(List.of("test_experiment"), bash("liftoff-lock", "--filters", "a=1", "b=2", ""));
        assertEquals(List.of("test_experiment"), bash("liftoff-prepare", ""));
        assertEquals(List.of("complete|--|experiments|te|", "complete|--results-path=my results|--|timestamps|19|",
                "complete|--configs-dir=cfg|--|configs|d|", "complete|--|grids||", "complete|--|experiments||",
                "complete|--|experiments||", "complete|--|grids||"), calls());
    }

    @Test
    void bashCompletesPathsWhereAWordHoldsASlash() {
        TestFiles.write(dir.resolve("results/2026Jan01-000000_x/.__experiment"), "{}");
        assertEquals(List.of("results/2026Jan01-000000_x"), bash("liftoff-status", "results/"));
        assertEquals(List.of(), calls(), "liftoff asked for nothing");
    }

    @Test
    void bashAsksTheLiftoffBesideAWrapperTypedWithItsPath() {
        Path other = dir.resolve("other-bin");
        TestFiles.write(other.resolve("liftoff"), "#!/bin/sh\necho from_beside\n").toFile().setExecutable(true);
        assertEquals(List.of("from_beside"), bash(other.resolve("liftoff-status").toString(), "-e", ""));
    }

    @Test
    void fishAsksLiftoffForNamesWithTheFoldersTyped() {
        Shells.assumeInstalled("fish");
        String source = "source " + scripts.resolve("liftoff.fish") + "; complete -C ";
        List<String> names = Shells.run(dir, env, "fish", "-c", source + "'liftoff-status -e '").ok().lines();
        assertEquals(List.of("test_experiment\tExperiments named NAME (or whose name contains NAME)"), names);
        assertEquals(List.of("test_experiment"), Shells.run(dir, env, "fish", "-c", source + "'liftoff status --results-path=r '").ok().lines());
        assertTrue(Shells.run(dir, env, "fish", "-c", source + "'liftoff st'").ok().out().startsWith("status\t"));
        assertEquals(List.of("complete|--|experiments|", "complete|--results-path=r|--|experiments|"), calls());
    }
}
