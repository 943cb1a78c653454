package dev.todolist.edge.observability;

import org.springframework.stereotype.Component;

import dev.todolist.http.RequestGuard;

/**
 * Counts the request guard's refusals (a target or header it cannot accept, a body too large or too slow, a request
 * while shutting down) with every other problem answer of the edge: they are answered before the web layer, so
 * neither the request metrics nor {@link RefusalLog} sees them, and scanners and broken clients would go unseen.
 */
@Component
class GuardRefusalCount implements RequestGuard.Refusals {

    private final EdgeMetrics metrics;

    GuardRefusalCount(EdgeMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void refused(int status, String code) {
        metrics.problem(status, code);
    }
}
