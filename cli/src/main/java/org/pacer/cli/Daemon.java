package org.pacer.cli;

import org.pacer.cluster.NodeDaemon;

/** Entry point of {@code bin/pacerd}, the node daemon: {@code pacerd --config FILE --node NAME [--state-dir DIR]}. */
public final class Daemon {
    private Daemon() {
    }

    public static void main(String[] args) {
        System.exit(NodeDaemon.run(args, System.err));
    }
}
