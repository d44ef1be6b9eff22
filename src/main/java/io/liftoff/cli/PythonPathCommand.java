package io.liftoff.cli;

import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.launch.PythonLib;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Command;

@Command(name = "liftoff-pythonpath",
        description = {
            "Installs liftoff's Python helper (from liftoff import parse_opts, read_config, collect_results) "
                    + "in a folder of your own and prints that folder, for PYTHONPATH:",
            "  export PYTHONPATH=\"$(liftoff pythonpath)${PYTHONPATH:+:$PYTHONPATH}\"",
            "The folder is $XDG_DATA_HOME/liftoff/python/VERSION (~/.local/share/... by default). The helper "
                    + "runs this liftoff (this java and this JAR) to read configs; run the command again after "
                    + "moving liftoff. Runs started by liftoff need none of this: the launcher gives them the helper."})
public final class PythonPathCommand extends BaseCommand {
    @Override
    protected ExitCode execute() {
        Path folder = PythonLib.userFolder(VersionProvider.version()).toAbsolutePath().normalize();
        try {
            PythonLib.install(folder);
        } catch (IOException e) {
            throw LiftoffException.environment("cannot install the Python helper in " + folder + ": " + e.getMessage(), e);
        }
        out().println(folder);
        return ExitCode.OK;
    }
}
