package dev.todolist.todo.outbox;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;

/**
 * A loop that runs in the background while the application does (the relay, the cleanup, the backlog gauges):
 * started once with the context, disposed when it stops.
 */
abstract class BackgroundLoop implements SmartLifecycle {

    private volatile @Nullable Disposable loop;

    /** Subscribes the loop; null when this instance runs none (switched off). */
    protected abstract @Nullable Disposable begin();

    @Override
    public synchronized void start() {
        if (loop == null) {
            loop = begin();
        }
    }

    @Override
    public synchronized void stop() {
        Disposable running = loop;
        if (running != null) {
            running.dispose();
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
