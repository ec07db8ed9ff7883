package org.pacer.cli;

/** Entry point of {@code bin/pacerd}, the node daemon. */
public final class Daemon {
    private Daemon() {
    }

    public static void main(String[] args) {
        System.err.println("pacerd: the node daemon is not built yet (see the README's table)");
        System.exit(ExitCode.FAILED);
    }
}
