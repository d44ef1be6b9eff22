package io.liftoff.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version} from the JAR manifest. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"liftoff " + version()};
    }

    public static String version() {
        String version = VersionProvider.class.getPackage().getImplementationVersion();
        return version != null ? version : "development build";
    }
}
