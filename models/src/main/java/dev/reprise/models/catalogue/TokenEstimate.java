package dev.reprise.models.catalogue;

import dev.reprise.models.wire.ChatMessage;

import java.util.List;

/**
 * A cheap token count for English text (about four characters a token), for routing rules and the
 * mock provider's usage. Never used for billing: real usage comes from the upstream's answer.
 */
public final class TokenEstimate {

    /** OpenAI counts a few tokens of framing per message. */
    private static final int PER_MESSAGE = 4;

    private TokenEstimate() {
    }

    public static long ofText(String text) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        return Math.max(1, (text.length() + 3) / 4);
    }

    public static long ofMessages(List<ChatMessage> messages) {
        long total = 3;
        for (ChatMessage m : messages) {
            total += PER_MESSAGE + ofText(m.text());
        }
        return total;
    }
}
