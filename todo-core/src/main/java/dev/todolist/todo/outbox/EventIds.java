package dev.todolist.todo.outbox;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * Random (version 4) UUIDs for events, from a DRBG seeded once at start-up: {@link UUID#randomUUID()} may read
 * {@code /dev/urandom} on an event-loop thread.
 */
@Component
class EventIds {

    private final SecureRandom random;

    EventIds() throws NoSuchAlgorithmException {
        this.random = SecureRandom.getInstance("DRBG");
        this.random.nextBytes(new byte[16]);
    }

    String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = (high << 8) | (bytes[i] & 0xff);
            low = (low << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(high, low).toString();
    }
}
