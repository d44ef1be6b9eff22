package io.liftoff.cli;

import io.liftoff.launch.Gpus;
import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import java.util.function.Predicate;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Options that take several words ({@code --args a=1 b=2}, {@code --gpus 0 1}) stop at the first word
 * that cannot belong to them, so {@code liftoff --gpus 0 1 script.py} still finds its script.
 */
abstract class WordListConsumer implements IParameterConsumer {
    private final Predicate<String> belongs;

    WordListConsumer(Predicate<String> belongs) {
        this.belongs = belongs;
    }

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
        if (args.isEmpty()) {
            throw new ParameterException(commandSpec.commandLine(), "Missing value for option '" + argSpec + "'");
        }
        List<String> values = argSpec.getValue() == null ? new ArrayList<>() : new ArrayList<>(argSpec.<List<String>>getValue());
        values.add(args.pop());
        while (!args.isEmpty() && !args.peek().startsWith("-") && belongs.test(args.peek())) {
            values.add(args.pop());
        }
        argSpec.setValue(values);
    }

    /** {@code key=value} words. */
    static final class KeyValues extends WordListConsumer {
        KeyValues() {
            super(word -> word.indexOf('=') > 0);
        }
    }

    /** GPU ids, ranges and lists. */
    static final class GpuWords extends WordListConsumer {
        GpuWords() {
            super(Gpus::looksLikeGpus);
        }
    }
}
