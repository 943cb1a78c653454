package dev.todolist.edge.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the client's address comes from ({@code edge.client-ip.*}). {@code CLIENT_IP_HEADER} names a header such as
 * {@code X-Forwarded-For} or {@code X-Real-IP} (empty: the TCP peer's address); it is believed only when the TCP
 * peer is one of {@code CLIENT_IP_TRUSTED_PROXIES} (IPs or CIDRs), each checked here, so that a wrong one fails the
 * start naming the variable.
 */
@ConfigurationProperties("edge.client-ip")
record ClientIpProperties(String header, List<String> trustedProxies) {

    ClientIpProperties {
        header = header.trim();
        trustedProxies = trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String entry : trustedProxies) {
            try {
                TrustedNetwork.parse(entry);
            }
            catch (IllegalArgumentException wrong) {
                throw new IllegalArgumentException("CLIENT_IP_TRUSTED_PROXIES: " + wrong.getMessage());
            }
        }
    }
}
