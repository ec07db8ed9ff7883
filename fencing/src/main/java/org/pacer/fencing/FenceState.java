package org.pacer.fencing;

/** Where a fencing operation stands: still running, completed (the node is down), or given up. */
public enum FenceState {
    PENDING, DONE, FAILED;

    public boolean finished() {
        return this != PENDING;
    }
}
