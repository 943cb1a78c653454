package dev.todolist.http;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's JSON decoder behind a strict UTF-8 check of the whole body: Jackson itself decodes some invalid UTF-8
 * (the overlong {@code C0 AF} becomes {@code /}), so a body with overlong forms, encoded surrogates, truncated
 * sequences or bytes that never occur in UTF-8 is refused ({@code 400 malformed_json}) before it is parsed. The
 * check is the JDK's own UTF-8 decoder with errors reported, over a body that is in memory anyway.
 * <p>
 * A body whose {@code Content-Type} names another charset ({@code charset=iso-8859-1}, {@code windows-1252},
 * {@code utf-16}) is read in that charset, strictly too: Spring's decoder does so only for a streamed body and
 * reads a whole one as UTF-8 whatever it declares (spring-framework#37195), which made a Latin-1 {@code é} a
 * {@code 400 malformed_json}.
 */
public class StrictUtf8JsonDecoder extends JacksonJsonDecoder {

    public StrictUtf8JsonDecoder(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public @Nullable Object decode(DataBuffer buffer, ResolvableType targetType, @Nullable MimeType mimeType,
            @Nullable Map<String, Object> hints) throws DecodingException {
        Charset declared = mimeType != null ? mimeType.getCharset() : null;
        Charset charset = declared != null ? declared : StandardCharsets.UTF_8;
        if (charset.equals(StandardCharsets.UTF_8)) {
            if (!isValidUtf8(buffer)) {
                DataBufferUtils.release(buffer); // as the decoder would have
                throw notValidIn(charset);
            }
            return super.decode(buffer, targetType, mimeType, hints);
        }
        return super.decode(inUtf8(buffer, charset), targetType, mimeType, hints);
    }

    /** The body read in the charset it declares and written again in UTF-8; the buffer read is released. */
    private static DataBuffer inUtf8(DataBuffer buffer, Charset charset) {
        try {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            CharBuffer text = strictly(charset).decode(ByteBuffer.wrap(bytes));
            return DefaultDataBufferFactory.sharedInstance.wrap(StandardCharsets.UTF_8.encode(text));
        }
        catch (CharacterCodingException ex) {
            throw notValidIn(charset);
        }
        finally {
            DataBufferUtils.release(buffer);
        }
    }

    private static boolean isValidUtf8(DataBuffer buffer) {
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            ByteBuffer whole = chunks.hasNext() ? chunks.next() : ByteBuffer.allocate(0);
            if (chunks.hasNext()) {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
                whole = ByteBuffer.wrap(bytes);
            }
            strictly(StandardCharsets.UTF_8).decode(whole.duplicate());
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }

    /** A decoder of the charset that reports a malformed or unmappable byte instead of replacing it. */
    private static CharsetDecoder strictly(Charset charset) {
        return charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static DecodingException notValidIn(Charset charset) {
        return new DecodingException("The body is not valid " + charset.name());
    }
}
