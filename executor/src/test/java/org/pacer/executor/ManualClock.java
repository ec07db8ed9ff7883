package org.pacer.executor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An {@link ExecutorClock} that moves only when the test advances it; due tasks run on the advancing thread. */
final class ManualClock implements ExecutorClock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<Task> tasks = new ArrayList<>();

    private final class Task implements Cancellable {
        final Instant due;
        final Runnable action;

        Task(Instant due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public void cancel() {
            synchronized (ManualClock.this) {
                tasks.remove(this);
            }
        }
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Task scheduled = new Task(now.plus(delay), task);
        tasks.add(scheduled);
        return scheduled;
    }

    synchronized int pending() {
        return tasks.size();
    }

    void advance(Duration by) {
        List<Task> due = new ArrayList<>();
        synchronized (this) {
            now = now.plus(by);
            for (Task task : List.copyOf(tasks)) {
                if (!task.due.isAfter(now)) {
                    tasks.remove(task);
                    due.add(task);
                }
            }
        }
        due.forEach(t -> t.action.run());
    }
}
