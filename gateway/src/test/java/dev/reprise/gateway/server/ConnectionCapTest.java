package dev.reprise.gateway.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The connection cap stays below what the open-files limit can hold, so accept() never meets EMFILE. */
class ConnectionCapTest {

    @Test
    void should_keep_the_configured_cap_when_the_file_limit_covers_it() {
        assertEquals(4096, ConnectionCap.effective(4096, 1_048_576, 120));
    }

    @Test
    void should_lower_the_cap_to_what_the_spare_descriptors_allow() {
        // 1024 - 100 open - 256 reserved = 668 spare, two per connection.
        assertEquals(334, ConnectionCap.effective(4096, 1024, 100));
    }

    @Test
    void should_leave_at_least_one_connection() {
        assertEquals(1, ConnectionCap.effective(4096, 200, 180));
    }
}
