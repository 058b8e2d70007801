package dev.reprise.bench.compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareInputTest {

    @TempDir
    Path dir;

    @Test
    void should_detect_each_lines_format_and_give_questions_the_system_prompt() throws IOException {
        Path file = write("""
                {"model":"gpt-4o","stream":true,"temperature":0.2,"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}
                {"q":"How do I reset my password?"}
                {"q":"Where is my order?","intent":null,"time":"2026-12-06T10:00:00Z","request_id":"req_1","model":"support","tenant":"t","namespace":"ns","cache":"miss","entry":null,"similarity":0.4}
                {"time":"2026-12-06T10:59:44.120Z","request_id":"req_2","kind":"chat","model":"support","status":200,"prompt":"Can I pay by card?","answer":"Yes."}
                {"data":[{"request_id":"req_3","kind":"chat","prompt":"Do you ship abroad?"},{"request_id":"req_4","kind":"judge","prompt":null}],"next":null}
                """);

        CompareInput input = CompareInput.read(file, "You are a support bot.");

        List<ComparePrompt> prompts = input.prompts();
        assertEquals(List.of("line 1", "line 2", "line 3", "line 4", "line 5 row 1"),
                prompts.stream().map(ComparePrompt::source).toList());
        assertFalse(prompts.get(0).body().has("model") || prompts.get(0).body().has("stream"),
                "the run sets model and streaming itself");
        assertEquals(0.2, prompts.get(0).body().path("temperature").asDouble(), "other parameters are kept");
        assertEquals("Be brief.", prompts.get(0).body().at("/messages/0/content").asText(),
                "a chat body keeps its own system prompt");
        for (int i = 1; i < prompts.size(); i++) {
            assertEquals("You are a support bot.", prompts.get(i).body().at("/messages/0/content").asText());
            assertEquals("user", prompts.get(i).body().at("/messages/1/role").asText());
        }
        assertEquals("Where is my order?", prompts.get(2).displayText().lines().toList().getLast().replace("user: ", ""));
        assertEquals("Can I pay by card?", prompts.get(3).body().at("/messages/1/content").asText());
        assertEquals(1, input.judgeRowsSkipped(), "the cache judge's rows are not clients' requests");
    }

    @Test
    void should_run_a_repeated_request_once() throws IOException {
        CompareInput input = CompareInput.read(write("""
                {"q":"Hello"}
                {"messages":[{"role":"user","content":"Hello"}]}
                {"q":"Bye"}
                """), null);

        assertEquals(2, input.prompts().size());
        assertEquals(1, input.duplicates());
    }

    @Test
    void should_name_the_line_of_a_bad_request() throws IOException {
        assertError("{\"q\":\"fine\"}\n\n{not json\n", ":3: not JSON");
        assertError("{\"q\":\"fine\"}\n[1,2]\n", ":2: not a JSON object");
        assertError("{\"question\":\"what?\"}\n", ":1: not a request: expected an OpenAI chat body");
        assertError("{\"q\":\"\"}\n", ":1: \"q\" must be a non-empty string");
        assertError("{\"messages\":[]}\n", ":1: \"messages\" must be a non-empty array");
        assertError("{\"messages\":[{\"content\":\"hi\"}]}\n", ":1: messages[0] needs a \"role\"");
        assertError("{\"q\":\"a\"}\n{\"request_id\":\"r\",\"kind\":\"chat\",\"prompt\":null}\n",
                ":2: an /admin/requests row without its \"prompt\": the ledger keeps the text only with "
                        + "ledger.store-text: true");
        assertError("{\"data\":[{\"request_id\":\"r\",\"kind\":\"chat\",\"prompt\":\"ok\"},{\"request_id\":\"s\"}]}\n",
                ":1: row 2: an /admin/requests row without its \"prompt\"");
        assertError("\n\n", ": no requests in it");
    }

    private void assertError(String content, String expected) throws IOException {
        Path file = write(content);
        CompareException e = assertThrows(CompareException.class, () -> CompareInput.read(file, null));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains(expected), e.getMessage());
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "input", ".jsonl");
        Files.writeString(file, content);
        return file;
    }
}
