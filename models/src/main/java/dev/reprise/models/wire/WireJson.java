package dev.reprise.models.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one Jackson mapper for OpenAI wire JSON: snake_case names, nulls left out, unknown request
 * fields tolerated (OpenAI adds fields often and clients send them before we know them).
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = builder().build();

    private WireJson() {
    }

    /**
     * A builder holding the wire settings, for a mapper that must read the same records more strictly
     * (the gateway's reader of client requests); the shared mapper stays lenient, as upstream answers vary.
     */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** The shared, thread-safe mapper; never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
