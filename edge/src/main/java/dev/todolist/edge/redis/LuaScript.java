package dev.todolist.edge.redis;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.core.io.ClassPathResource;

/**
 * A Lua script kept as a {@code .lua} resource under {@code redis/}, run with {@code EVALSHA} (and {@code EVAL}
 * once after a Redis restart forgot it). Every key a script touches is passed in {@code KEYS}, named by
 * {@link RedisKeys}; the scripts only compute with them.
 */
public final class LuaScript {

    private final String name;

    private final String source;

    private final String sha1;

    private LuaScript(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha1 = sha1(source);
    }

    /** Loads {@code redis/<name>.lua} from the classpath. */
    public static LuaScript load(String name) {
        ClassPathResource resource = new ClassPathResource("redis/" + name + ".lua");
        try (InputStream in = resource.getInputStream()) {
            return new LuaScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        catch (IOException ex) {
            throw new IllegalStateException("Missing Redis script " + resource.getPath(), ex);
        }
    }

    String source() {
        return source;
    }

    String sha1() {
        return sha1;
    }

    @Override
    public String toString() {
        return name;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
