package dev.reprise.bench.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareReportTest {

    private static final String NASTY = "<script>alert('x')</script> & \"quoted\" ``` fence";

    @TempDir
    Path dir;

    @Test
    void should_escape_prompts_answers_errors_and_names_in_the_html_report() {
        CompareReport report = report();

        String html = report.html();

        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"), html);
        assertTrue(html.contains("<th>a&lt;b&gt;</th>"), "arm names are escaped too: " + html);
        assertTrue(html.contains("HTTP 500: &lt;b&gt;down&lt;/b&gt;"), html);
    }

    @Test
    void should_fence_answers_so_that_backticks_in_them_cannot_end_the_block() {
        assertEquals("````text\nsee ``` here\n````\n", CompareReport.fenced("see ``` here"));
        assertEquals("```text\nplain\n```\n", CompareReport.fenced("plain"));
        assertTrue(report().markdown().contains("````text\n" + NASTY + "\n````\n"));
    }

    private CompareReport report() {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", NASTY);
        ComparePrompt prompt = ComparePrompt.of("line 1", body);
        Arm ref = Arm.alias("mock");
        Arm odd = Arm.alias("a<b>");
        ResultStore store = ResultStore.open(dir, new PrintStream(OutputStream.nullOutputStream()));
        store.append(ref, new CallResult("mock", prompt.key(), 200, null, 12, 3.0, 5L, 7L, 0.0, NASTY, "mock", "mock-1",
                "bypass", null, null));
        store.append(odd, new CallResult("a<b>", prompt.key(), 500, "HTTP 500: <b>down</b>", 3, null, null, null, null,
                "", null, null, null, null, null));
        List<Arm> arms = List.of(ref, odd);
        List<ArmSummary> summaries = List.of(
                ArmSummary.of(ref, true, List.of(prompt), store, null, 0.9, null),
                ArmSummary.of(odd, false, List.of(prompt), store, Map.of(), 0.9, null));
        return new CompareReport("t <1>", "settings & more", List.of(prompt), arms, ref, store, Map.of(), null,
                summaries, 0.9, null);
    }
}
