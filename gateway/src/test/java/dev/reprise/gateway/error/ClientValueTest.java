package dev.reprise.gateway.error;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClientValueTest {

    @Test
    void should_quote_a_short_value_whole() {
        assertEquals("'gpt-17'", ClientValue.quote("gpt-17"));
        assertEquals("x".repeat(ClientValue.MAX_QUOTED), ClientValue.truncate("x".repeat(ClientValue.MAX_QUOTED)));
        assertNull(ClientValue.truncate(null));
    }

    @Test
    void should_cut_a_long_value_and_say_how_long_it_was() {
        assertEquals("x".repeat(ClientValue.MAX_QUOTED) + "… (4000000 characters)",
                ClientValue.truncate("x".repeat(4_000_000)));
    }

    @Test
    void should_not_split_a_surrogate_pair() {
        String emoji = "\uD83D\uDE00";
        String value = "x".repeat(ClientValue.MAX_QUOTED - 1) + emoji + "tail";
        String cut = ClientValue.truncate(value);
        assertTrue(cut.startsWith("x".repeat(ClientValue.MAX_QUOTED - 1) + "…"), cut);
    }
}
