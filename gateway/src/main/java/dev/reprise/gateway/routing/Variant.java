package dev.reprise.gateway.routing;

import dev.reprise.models.wire.ChatCompletionRequest;
import dev.reprise.models.wire.ChatMessage;
import dev.reprise.models.wire.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One arm of an A/B split: a share of an alias's traffic sent to another alias and/or with another
 * system prompt, which replaces the caller's system message or is put in front of it.
 */
public record Variant(String name, int weight, String alias, String prompt, PromptMode promptMode) {

    /** What a variant's prompt does to the caller's system message. */
    public enum PromptMode {
        REPLACE, PREFIX
    }

    public Variant {
        Objects.requireNonNull(name, "name");
        promptMode = promptMode == null ? PromptMode.REPLACE : promptMode;
    }

    /** The request this variant sends: the caller's, with the variant's system prompt applied. */
    public ChatCompletionRequest apply(ChatCompletionRequest request) {
        if (prompt == null) {
            return request;
        }
        List<ChatMessage> out = new ArrayList<>();
        boolean applied = false;
        for (ChatMessage m : request.messages()) {
            if (!applied && m.role() == Role.SYSTEM) {
                String text = promptMode == PromptMode.PREFIX ? prompt + "\n\n" + m.text() : prompt;
                out.add(ChatMessage.system(text));
                applied = true;
            } else {
                out.add(m);
            }
        }
        if (!applied) {
            out.addFirst(ChatMessage.system(prompt));
        }
        return request.withMessages(out);
    }
}
