package dev.todolist.edge.web;

/** One trusted-proxy entry: an IP, or a network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}). */
record TrustedNetwork(byte[] network, int prefixBits) {

    /** Parses an IP literal with an optional prefix length; never a name lookup. */
    static TrustedNetwork parse(String entry) {
        int slash = entry.indexOf('/');
        byte[] network = ClientIpResolver.bytes(slash < 0 ? entry : entry.substring(0, slash));
        if (network == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or a CIDR network");
        }
        int maxBits = network.length * 8;
        if (slash < 0) {
            return new TrustedNetwork(network, maxBits);
        }
        String length = entry.substring(slash + 1);
        if (!length.matches("[0-9]{1,3}") || Integer.parseInt(length) > maxBits) {
            throw new IllegalArgumentException("'" + entry + "' has a prefix length that is not from 0 to " + maxBits);
        }
        return new TrustedNetwork(network, Integer.parseInt(length));
    }

    boolean contains(byte[] address) {
        if (address.length != network.length) {
            return false;
        }
        int fullBytes = prefixBits / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefixBits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[fullBytes] & mask) == (network[fullBytes] & mask);
    }
}
