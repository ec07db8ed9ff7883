package org.pacer.fencing;

import java.time.Instant;
import java.util.List;

/**
 * A completed fencing: the request, the node that carried it out ({@code delegate}), the topology level that
 * passed (0 without topology), the devices that fenced the node, every device attempt made on the way, and
 * when it completed. {@code manual} is true when an operator confirmed the node down instead of a device.
 */
public record FenceResult(FenceRequest request, String delegate, int level, List<String> devices,
                          List<DeviceAttempt> attempts, Instant completedAt, boolean manual) {
    public FenceResult {
        devices = List.copyOf(devices);
        attempts = List.copyOf(attempts);
    }
}
