package dev.todolist.http;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ResolvableType;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.util.MimeType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Jackson's JSON decoder behind a strict UTF-8 check of the whole body: Jackson itself decodes some invalid UTF-8
 * (the overlong {@code C0 AF} becomes {@code /}), so a body with overlong forms, encoded surrogates, truncated
 * sequences or bytes that never occur in UTF-8 is refused ({@code 400 malformed_json}) before it is parsed. The
 * check is the JDK's own UTF-8 decoder with errors reported, over a body that is in memory anyway.
 */
public class StrictUtf8JsonDecoder extends JacksonJsonDecoder {

    public StrictUtf8JsonDecoder(JsonMapper mapper) {
        super(mapper);
    }

    @Override
    public @Nullable Object decode(DataBuffer buffer, ResolvableType targetType, @Nullable MimeType mimeType,
            @Nullable Map<String, Object> hints) throws DecodingException {
        if (isUtf8(mimeType) && !isValidUtf8(buffer)) {
            DataBufferUtils.release(buffer); // as the decoder would have
            throw new DecodingException("The body is not valid UTF-8");
        }
        return super.decode(buffer, targetType, mimeType, hints);
    }

    private static boolean isUtf8(@Nullable MimeType mimeType) {
        return mimeType == null || mimeType.getCharset() == null
                || StandardCharsets.UTF_8.equals(mimeType.getCharset());
    }

    static boolean isValidUtf8(DataBuffer buffer) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (DataBuffer.ByteBufferIterator chunks = buffer.readableByteBuffers()) {
            ByteBuffer whole = chunks.hasNext() ? chunks.next() : ByteBuffer.allocate(0);
            if (chunks.hasNext()) {
                byte[] bytes = new byte[buffer.readableByteCount()];
                buffer.toByteBuffer(buffer.readPosition(), ByteBuffer.wrap(bytes), 0, bytes.length);
                whole = ByteBuffer.wrap(bytes);
            }
            strict.decode(whole.duplicate());
            return true;
        }
        catch (CharacterCodingException ex) {
            return false;
        }
    }
}
