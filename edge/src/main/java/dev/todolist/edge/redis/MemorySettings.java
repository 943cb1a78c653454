package dev.todolist.edge.redis;

/**
 * Redis's {@code maxmemory} (bytes; 0 is none) and {@code maxmemory-policy}, read from {@code INFO memory}. Keys may
 * be evicted only when there is a maximum and the policy is not {@code noeviction}.
 */
record MemorySettings(long maxMemory, String policy) {

    static final String NO_EVICTION = "noeviction";

    /** From the lines of {@code INFO memory}; a field it lacks counts as Redis's default (no maximum, no eviction). */
    static MemorySettings parse(String info) {
        long maxMemory = 0;
        String policy = NO_EVICTION;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("maxmemory:")) {
                maxMemory = Long.parseLong(line.substring("maxmemory:".length()).strip());
            }
            else if (line.startsWith("maxmemory_policy:")) {
                policy = line.substring("maxmemory_policy:".length()).strip();
            }
        }
        return new MemorySettings(maxMemory, policy);
    }

    boolean mayEvict() {
        return maxMemory > 0 && !NO_EVICTION.equals(policy);
    }

    @Override
    public String toString() {
        return "maxmemory " + maxMemory + " bytes, maxmemory-policy " + policy;
    }
}
