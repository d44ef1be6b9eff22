package io.liftoff.cli;

import io.liftoff.Display;
import io.liftoff.ExitCode;
import io.liftoff.LiftoffException;
import io.liftoff.config.Overrides;
import io.liftoff.config.YamlFiles;
import io.liftoff.launch.VariationSource;
import io.liftoff.store.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "liftoff-config",
        description = {
            "Prints the configuration liftoff would give a run of `liftoff SCRIPT` with the same options: "
                    + "configs/default.yaml, with -c NAME merged over it and --args applied (without the run's own "
                    + "out_dir, run_id and cfg_id). With FILE, that YAML file alone (and --args).",
            "The Python helper asks this command for configs (read_config, and parse_opts outside a run), so "
                    + "that one implementation of the merge rules serves both."})
public final class ConfigCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "A YAML file to read instead of the configs folder's.")
    Path file;

    @Option(names = {"-c", "--config-file"}, paramLabel = "NAME", description = "Config merged over the default: configs/NAME.yaml or a path.")
    String configFile;

    @Option(names = {"-d", "--default-config-file"}, paramLabel = "NAME", description = "The default config (default: default).")
    String defaultConfigFile;

    @Mixin
    ConfigsMixin configs;

    @Option(names = "--args", paramLabel = "KEY=VALUE", parameterConsumer = WordListConsumer.KeyValues.class,
            description = "Override config values (YAML-typed): --args lr=0.1 net.depth=3")
    List<String> overrides;

    @Option(names = "--json", description = "Print JSON (NaN and Infinity bare, as Python's json reads them) instead of YAML.")
    boolean json;

    @Override
    protected ExitCode execute() {
        Overrides args = Overrides.parse(overrides == null ? List.of() : overrides, "--args");
        List<String> notes = new ArrayList<>();
        Map<String, Object> config;
        if (file != null) {
            if (configFile != null || defaultConfigFile != null) {
                throw LiftoffException.usage("FILE and -c/-d cannot be used together: FILE is read alone, -c merges over -d");
            }
            if (!Files.isRegularFile(file)) {
                throw LiftoffException.usage(Display.path(file) + ": no such file (for configs/NAME.yaml merged over the default, use -c NAME)");
            }
            config = YamlFiles.loadMapping(file);
            config = args.isEmpty() ? config : args.applyTo(config, notes);
        } else {
            VariationSource source = VariationSource.single(configs.configsDir,
                    defaultConfigFile != null ? defaultConfigFile : "default", configFile, args, notes::add);
            config = source.iterator().next().config();
        }
        notes.forEach(note -> err().println(program() + ": note: " + note));
        PrintWriter out = out();
        if (json) {
            try {
                Json.writePythonic(config, out, true);
                out.println();
            } catch (IOException e) {
                throw LiftoffException.environment("cannot write JSON: " + e.getMessage(), e);
            }
        } else {
            out.print(YamlFiles.dump(config));
        }
        out.flush();
        return ExitCode.OK;
    }
}
