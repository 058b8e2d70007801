package dev.reprise.gateway.judge;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprise.testing.FakeUpstream;
import dev.reprise.testing.OpenAiReplies;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A fake OpenAI upstream for two models: {@code gpt-bot} answers each question with {@code ANSWER to <question>}, and
 * {@code gpt-judge} replies as the test sets it (a verdict, prose, a 500, or no answer until closed).
 */
final class JudgeUpstream implements AutoCloseable {

    static final String BOT = "gpt-bot";
    static final String JUDGE = "gpt-judge";
    /** The judge's usage per call: 100 prompt tokens and 8 completion tokens. */
    static final int JUDGE_IN = 100;
    static final int JUDGE_OUT = 8;

    /** How the judge model behaves. */
    enum Judge { SAME, DIFFERENT, PROSE, FAIL, HANG }

    private final FakeUpstream upstream = new FakeUpstream();
    volatile Judge judge = Judge.SAME;

    JudgeUpstream() throws IOException {
        upstream.answerEach(request -> isJudge(request) ? judgeReply()
                : OpenAiReplies.completion(answerTo(lastMessage(request.json())), 20, 10));
    }

    String baseUrl() {
        return upstream.baseUrl() + "/v1";
    }

    static String answerTo(String question) {
        return "ANSWER to " + question;
    }

    int botCalls() {
        return (int) upstream.requests().stream().filter(r -> !isJudge(r)).count();
    }

    int judgeCalls() {
        return judgeRequests().size();
    }

    /** The bodies of the judge's calls, in order. */
    List<JsonNode> judgeRequests() {
        return upstream.requests().stream().filter(JudgeUpstream::isJudge).map(FakeUpstream.Recorded::json).toList();
    }

    private static String lastMessage(JsonNode body) {
        JsonNode messages = body.path("messages");
        return messages.get(messages.size() - 1).path("content").asText();
    }

    private static boolean isJudge(FakeUpstream.Recorded request) {
        return JUDGE.equals(request.json().path("model").asText());
    }

    private FakeUpstream.Reply judgeReply() {
        return switch (judge) {
            case SAME -> OpenAiReplies.completion("{\"same_answer\": true}", JUDGE_IN, JUDGE_OUT);
            case DIFFERENT -> OpenAiReplies.completion("{\"same_answer\": false}", JUDGE_IN, JUDGE_OUT);
            case PROSE -> OpenAiReplies.completion("I think they are probably the same.", JUDGE_IN, JUDGE_OUT);
            case FAIL -> OpenAiReplies.error(500, "judge broke", Map.of());
            case HANG -> FakeUpstream.hang();
        };
    }

    @Override
    public void close() {
        upstream.close();
    }
}
