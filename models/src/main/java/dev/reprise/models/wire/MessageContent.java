package dev.reprise.models.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A message's content as OpenAI sends it: either a plain string or a list of parts. Exactly one of
 * {@code text} and {@code parts} is non-null.
 */
@JsonSerialize(using = MessageContent.Writer.class)
@JsonDeserialize(using = MessageContent.Reader.class)
public record MessageContent(String text, List<ContentPart> parts) {

    public MessageContent {
        if ((text == null) == (parts == null)) {
            throw new IllegalArgumentException("content is either a string or a list of parts");
        }
        parts = parts == null ? null : List.copyOf(parts);
    }

    public static MessageContent of(String text) {
        return new MessageContent(text, null);
    }

    public static MessageContent of(List<ContentPart> parts) {
        return new MessageContent(null, parts);
    }

    /** The text of the message: the string, or the text parts joined by newlines (images left out). */
    public String asText() {
        if (text != null) {
            return text;
        }
        return parts.stream()
                .filter(p -> ContentPart.TEXT.equals(p.type()) && p.text() != null)
                .map(ContentPart::text)
                .collect(Collectors.joining("\n"));
    }

    /** True when any part is not text (an image, say): such content is never matched by meaning. */
    public boolean hasNonTextParts() {
        return parts != null && parts.stream().anyMatch(p -> !ContentPart.TEXT.equals(p.type()));
    }

    static final class Writer extends JsonSerializer<MessageContent> {
        @Override
        public void serialize(MessageContent value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            if (value.text() != null) {
                gen.writeString(value.text());
            } else {
                serializers.findValueSerializer(List.class).serialize(value.parts(), gen, serializers);
            }
        }
    }

    static final class Reader extends JsonDeserializer<MessageContent> {
        @Override
        public MessageContent deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return MessageContent.of(p.getText());
            }
            if (token == JsonToken.START_ARRAY) {
                List<ContentPart> parts = ctxt.readValue(p,
                        ctxt.getTypeFactory().constructCollectionType(List.class, ContentPart.class));
                return MessageContent.of(parts);
            }
            throw new WireTypeMismatch(p, MessageContent.class, "a string or an array of content parts");
        }
    }
}
