package dev.reprise.gateway.http;

import dev.reprise.gateway.pipeline.Outcome;
import dev.reprise.gateway.pipeline.Pipeline;
import dev.reprise.gateway.pipeline.RequestContext;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/** {@code POST /v1/chat/completions}: runs the request through the pipeline and sends its outcome. */
public final class ChatCompletionsService implements HttpService {

    static final String PATH = "/chat/completions";

    private final Pipeline pipeline;
    private final long maxBodySize;
    private final ChatResponder responder;

    ChatCompletionsService(Pipeline pipeline, long maxBodySize, StreamResponder streams) {
        this.pipeline = pipeline;
        this.maxBodySize = maxBodySize;
        this.responder = new ChatResponder(streams);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post(PATH, this::handle);
        rules.any(PATH, Fallbacks.methodNotAllowed("POST"));
    }

    private void handle(ServerRequest req, ServerResponse res) {
        RequestContext ctx = new RequestContext(RequestIdFilter.requestId(req),
                name -> req.headers().first(HeaderNames.create(name)),
                () -> BodyReader.read(req, maxBodySize));
        Outcome outcome = pipeline.run(ctx);
        responder.respond(req, res, ctx, outcome);
    }
}
