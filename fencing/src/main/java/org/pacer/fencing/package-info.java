/**
 * Pacer's fencer: fences nodes with the {@code stonith} devices and fencing topology of the CIB, as
 * Pacemaker's fencer does. {@link org.pacer.fencing.FencingConfiguration} reads devices and levels from a
 * CIB; {@link org.pacer.fencing.Fencer} carries out {@link org.pacer.fencing.FenceRequest}s (delays,
 * retries, topology levels, merged duplicates) and keeps the {@link org.pacer.fencing.FenceHistory};
 * agents run through a {@link org.pacer.fencing.FenceAgentRunner}. When to fence is the controller's call.
 */
package org.pacer.fencing;
