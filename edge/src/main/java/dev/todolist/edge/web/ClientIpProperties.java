package dev.todolist.edge.web;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the client's address comes from. {@code CLIENT_IP_HEADER} (default empty: the TCP peer's address) names a
 * header such as {@code X-Forwarded-For} or {@code X-Real-IP}; it is believed only when the TCP peer is one of
 * {@code CLIENT_IP_TRUSTED_PROXIES} (IPs or CIDRs, default loopback).
 */
@ConfigurationProperties("edge.client-ip")
record ClientIpProperties(String header, List<String> trustedProxies) {

    ClientIpProperties {
        header = header == null ? "" : header.trim();
        trustedProxies = trustedProxies == null ? List.of()
                : trustedProxies.stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
