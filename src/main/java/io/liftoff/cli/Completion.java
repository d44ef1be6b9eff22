package io.liftoff.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.AutoComplete;
import picocli.CommandLine;

/**
 * Writes the bash completion script for every wrapper in bin/ (run by the build:
 * {@code target/liftoff-completion.bash}; {@code source} it from ~/.bashrc).
 */
public final class Completion {
    private Completion() {
    }

    public static void main(String[] args) throws IOException {
        StringBuilder script = new StringBuilder();
        for (String name : Commands.NAMES) {
            CommandLine commandLine = Commands.LAUNCH.equals(name) ? Commands.hierarchy() : Commands.create(name);
            script.append(AutoComplete.bash(Commands.programName(name), commandLine)).append('\n');
        }
        Files.writeString(Path.of(args[0]), script, StandardCharsets.UTF_8);
    }
}
