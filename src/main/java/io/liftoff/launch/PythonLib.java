package io.liftoff.launch;

import io.liftoff.LiftoffException;
import io.liftoff.store.Experiment;
import io.liftoff.store.Layout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The small {@code liftoff} Python package ({@code from liftoff import parse_opts}) that runs import
 * with nothing installed: copied from the JAR into the experiment folder and put on PYTHONPATH.
 */
public final class PythonLib {
    private static final List<String> FILES = List.of("__init__.py", "config.py");
    private static final String RESOURCE = "/io/liftoff/python/liftoff/";

    private PythonLib() {
    }

    /** Copies the package into the experiment (again when this liftoff's copy differs); returns the folder for PYTHONPATH. */
    public static Path install(Experiment experiment) {
        Path root = experiment.dir().resolve(Layout.PYTHON_LIB);
        Path pkg = root.resolve("liftoff");
        try {
            Files.createDirectories(pkg);
            for (String name : FILES) {
                byte[] content;
                try (InputStream in = PythonLib.class.getResourceAsStream(RESOURCE + name)) {
                    if (in == null) {
                        throw LiftoffException.environment("this liftoff build lacks its Python helper " + RESOURCE + name);
                    }
                    content = in.readAllBytes();
                }
                Path target = pkg.resolve(name);
                if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) {
                    Path temporary = pkg.resolve(name + ".tmp-" + ProcessHandle.current().pid());
                    Files.write(temporary, content);
                    Files.move(temporary, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw LiftoffException.environment("cannot install the Python helper in " + experiment + ": " + e.getMessage(), e);
        }
        return root;
    }
}
