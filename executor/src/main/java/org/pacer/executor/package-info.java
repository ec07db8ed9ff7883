/**
 * Pacer's local executor: runs OCF, LSB, systemd and fence agents as real processes and records their results
 * the way Pacemaker does.
 *
 * <p>{@link org.pacer.executor.LocalExecutor} is what the controller uses; {@link org.pacer.executor.AgentExecutor}
 * implements it with per-resource serial queues, a global parallelism limit, recurring monitors on an
 * {@link org.pacer.executor.ExecutorClock}, and validate-all before a first start. Each agent runs in its own
 * session through {@code setsid}, so that a timeout ends its whole process group (SIGTERM, then SIGKILL after
 * a grace period); output goes to numbered files in a private directory, so a daemon holding it open cannot stall a
 * result. Operations run on a fixed pool of agent threads (one more than the parallelism limit) that wait for their
 * processes and for the monitors' due times; systemd units go through a configured systemctl where systemd runs.
 * {@link org.pacer.executor.AgentCatalog} finds agents (Pacer's own directory first, then {@code OCF_ROOT} and
 * the system's) and builds their environment; {@link org.pacer.executor.OperationHistory} and
 * {@link org.pacer.cib.OpDigest} write {@code lrm_rsc_op} entries with Pacemaker's digests.
 */
package org.pacer.executor;
