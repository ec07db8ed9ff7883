package org.pacer.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json} for the commands that read the cluster's state. */
final class OutputOption {
    enum Format { text, json }

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json.")
    Format format;

    boolean json() {
        return format == Format.json;
    }
}
