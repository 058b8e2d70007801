package dev.reprise.bench.load;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WrkResultTest {

    @Test
    void should_parse_the_line_the_lua_done_hook_prints() {
        String output = """
                Running 2s test @ http://127.0.0.1:1/v1/chat/completions
                  2 threads and 8 connections
                WRK_JSON {"requests":5000,"duration_us":2000000,"p50_us":1500,"p99_us":9000,"mean_us":1800.5,\
                "max_us":20000,"errors_connect":0,"errors_read":1,"errors_write":0,"errors_status":3,"errors_timeout":2}
                """;

        WrkResult r = WrkResult.parse(output, 0.25);

        assertEquals(2500, r.rps(), 1e-9);
        assertEquals(1.5, r.p50Ms(), 1e-9);
        assertEquals(9.0, r.p99Ms(), 1e-9);
        assertEquals(6, r.errors());
        assertEquals(0.25, r.loadGeneratorCpuSeconds(), 1e-9);
    }

    @Test
    void should_refuse_output_without_a_result_line() {
        assertThrows(IllegalStateException.class, () -> WrkResult.parse("unable to connect", 0));
    }
}
