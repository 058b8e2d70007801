package dev.reprise.gateway.stage;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MutableCoercionConfig;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.reprise.models.wire.WireJson;

/**
 * The mapper for JSON that clients send: the wire settings, read strictly. A key given twice and a value
 * of the wrong JSON type are refused instead of guessed at ({@code "stream": -1} is not true, {@code
 * "temperature": ""} is not absent, {@code "user": 1.5} is not a name); only an integer where a number goes
 * is accepted, as JSON does not tell 1 from 1.0. Upstream answers are read with {@link WireJson#mapper()}.
 */
public final class ClientJson {

    private static final ObjectMapper MAPPER = WireJson.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
            .withCoercionConfig(LogicalType.Textual, c -> refuse(c, CoercionInputShape.Integer,
                    CoercionInputShape.Float, CoercionInputShape.Boolean))
            .withCoercionConfig(LogicalType.Integer, c -> refuse(c, CoercionInputShape.String,
                    CoercionInputShape.EmptyString, CoercionInputShape.Float, CoercionInputShape.Boolean))
            .withCoercionConfig(LogicalType.Float, c -> refuse(c, CoercionInputShape.String,
                    CoercionInputShape.EmptyString, CoercionInputShape.Boolean))
            .withCoercionConfig(LogicalType.Boolean, c -> refuse(c, CoercionInputShape.String,
                    CoercionInputShape.EmptyString, CoercionInputShape.Integer, CoercionInputShape.Float))
            .build();

    private ClientJson() {
    }

    /** The shared, thread-safe strict mapper; never reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static void refuse(MutableCoercionConfig config,
                               CoercionInputShape... shapes) {
        for (CoercionInputShape shape : shapes) {
            config.setCoercion(shape, CoercionAction.Fail);
        }
    }
}
