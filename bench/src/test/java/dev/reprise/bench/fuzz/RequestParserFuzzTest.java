package dev.reprise.bench.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.reprise.gateway.error.GatewayException;
import dev.reprise.gateway.stage.RequestParser;
import dev.reprise.gateway.stage.RequestValidator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Fuzzes the gateway's reading of a chat body: any bytes either become a valid request or a 400 {@link
 * GatewayException} with a message; nothing else may escape (a NullPointerException, ClassCastException or
 * StackOverflowError would be a 500). In CI this runs its seeds only (Jazzer's regression mode); fuzzing proper is
 * {@code JAZZER_FUZZ=1}, see bench/README.md, "Hostile input".
 */
class RequestParserFuzzTest {

    private static final RequestParser PARSER = new RequestParser();
    private static final RequestValidator VALIDATOR = new RequestValidator();

    @FuzzTest(maxDuration = "5m")
    void should_parse_any_bytes_into_a_request_or_a_400(byte[] body) {
        try {
            VALIDATOR.validate(PARSER.parse(body));
        } catch (GatewayException refused) {
            assertEquals(400, refused.error().status(), refused.error().message());
            assertNotNull(refused.error().message());
        }
    }
}
