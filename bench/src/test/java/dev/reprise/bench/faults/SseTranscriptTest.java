package dev.reprise.bench.faults;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The fault run's verdicts on streamed answers, from their bytes. */
class SseTranscriptTest {

    private static final String ROLE = "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"},"
            + "\"finish_reason\":null}]}\n\n";

    private static String token(String text) {
        return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"},\"finish_reason\":null}]}\n\n";
    }

    private static final String STOP = "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n";
    private static final String ERROR = "data: {\"error\":{\"message\":\"cut\",\"type\":\"upstream_error\","
            + "\"code\":\"upstream_incomplete_answer\"}}\n\n";
    private static final String DONE = "data: [DONE]\n\n";

    private static SseTranscript.Ending judge(String body) {
        return SseTranscript.judge(body, "Hello there").ending();
    }

    @Test
    void should_call_a_whole_answer_with_a_stop_and_done_completed() {
        assertEquals(SseTranscript.Ending.COMPLETED,
                judge(ROLE + ": keep-alive\n\n" + token("Hello ") + token("there") + STOP + DONE));
    }

    @Test
    void should_call_an_error_event_after_a_token_then_done_a_clean_end() {
        assertEquals(SseTranscript.Ending.ERROR_AFTER_START, judge(ROLE + token("Hel") + ERROR + DONE));
        assertEquals(SseTranscript.Ending.ERROR_BEFORE_START, judge(ROLE + ERROR + DONE));
    }

    @Test
    void should_call_anything_else_broken() {
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + token("Hel")), "no [DONE]");
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + token("Hel") + "data: {\"cho"), "a frame cut short");
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + token("Hel") + DONE), "[DONE] pretending success");
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + token("Hel") + ERROR), "an error without [DONE]");
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + token("Hel") + ERROR + token("lo") + DONE));
        assertEquals(SseTranscript.Ending.BROKEN, judge(ROLE + "data: not json\n\n" + DONE));
    }
}
