package dev.todolist.todo.outbox;

import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * A loop that runs in the background while the application does (the relay, the cleanup, the backlog gauges):
 * started once with the context. {@link #stop()} cuts it at once; the context's shutdown ({@link #stop(Runnable)})
 * first lets it end what it is doing ({@link #finishing()}), then cuts it.
 *
 * <p>Nothing restarts a loop whose subscription ended, so a loop must outlive any step: each step handles its own
 * errors, and the next step starts a pause after the last one ended, never on a fixed schedule ({@code Flux.interval}
 * overflows when a step hangs for two periods, the database stopped, and that error ends the loop).
 */
abstract class BackgroundLoop implements SmartLifecycle {

    private volatile @Nullable Disposable loop;

    /** Subscribes the loop; null when this instance runs none (switched off). */
    protected abstract @Nullable Disposable begin();

    /**
     * Asks the loop to end after its current step: completes when it has (at once by default, for a loop whose
     * steps may be cut anywhere). Called once per stop of the context, while the loop runs.
     */
    protected Mono<Void> finishing() {
        return Mono.empty();
    }

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
    public void stop(Runnable callback) {
        if (loop == null) {
            callback.run();
            return;
        }
        finishing().doFinally(signal -> {
            stop();
            callback.run();
        }).subscribe();
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }
}
