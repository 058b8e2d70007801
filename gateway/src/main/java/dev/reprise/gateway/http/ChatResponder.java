package dev.reprise.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.RequestContext;
import dev.reprise.models.wire.ChatCompletionResponse;
import dev.reprise.models.wire.WireJson;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.util.Map;

/** Turns a pipeline {@link Outcome} into the HTTP answer: JSON, a replayed stream, a live stream or an error. */
final class ChatResponder {

    private final StreamResponder streams;

    ChatResponder(StreamResponder streams) {
        this.streams = streams;
    }

    void respond(ServerRequest req, ServerResponse res, RequestContext ctx, Outcome outcome) {
        switch (outcome) {
            case Outcome.Refused refused -> {
                applyContextHeaders(res, ctx);
                ErrorResponder.send(req, res, refused.error());
            }
            case Outcome.Answered answered when ctx.streaming() -> streams.replay(res, ctx, answered.response());
            case Outcome.Answered answered -> sendJson(res, ctx, answered.response());
            case Outcome.Streaming streaming -> streams.live(req, res, ctx, streaming.stream());
        }
    }

    private static void sendJson(ServerResponse res, RequestContext ctx, ChatCompletionResponse response) {
        byte[] body;
        try {
            body = WireJson.mapper().writeValueAsBytes(response);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response is always serialisable", e);
        }
        res.status(200);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        applyContextHeaders(res, ctx);
        res.send(body);
    }

    /** The headers stages asked for, such as {@code x-reprise-provider} and {@code x-reprise-model}. */
    static void applyContextHeaders(ServerResponse res, RequestContext ctx) {
        for (Map.Entry<String, String> h : ctx.responseHeaders().entrySet()) {
            res.header(HeaderNames.create(h.getKey()), h.getValue());
        }
    }
}
