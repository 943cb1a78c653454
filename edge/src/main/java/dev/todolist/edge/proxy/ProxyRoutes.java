package dev.todolist.edge.proxy;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.todolist.edge.proxy.UpstreamProperties.Route;

/** Finds the configured route of a request path; the security chain asks it which paths need a token. */
@Component
public class ProxyRoutes {

    private final Route[] routes;

    private final String[] prefixesWithSlash;

    ProxyRoutes(UpstreamProperties properties) {
        List<Route> configured = properties.routes();
        this.routes = configured.toArray(Route[]::new);
        this.prefixesWithSlash = configured.stream().map(route -> route.prefix() + "/").toArray(String[]::new);
    }

    public boolean matches(String path) {
        return find(path) != null;
    }

    Route find(String path) {
        for (int i = 0; i < routes.length; i++) {
            if (path.startsWith(prefixesWithSlash[i]) || path.equals(routes[i].prefix())) {
                return routes[i];
            }
        }
        return null;
    }
}
