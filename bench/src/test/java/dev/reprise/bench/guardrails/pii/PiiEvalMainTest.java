package dev.reprise.bench.guardrails.pii;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command on tiny stand-ins for the two public datasets, laid out as in shared/datasets. */
class PiiEvalMainTest {

    @Test
    void should_print_both_splits_with_type_format_and_look_alike_tables(@TempDir Path dir) throws Exception {
        Path banking = Files.createDirectories(dir.resolve("banking77"));
        Files.writeString(banking.resolve("train.csv"), "text,category\nHow do I locate my card?,card_arrival\n"
                + "\"Is there a fee of 2.50 for transfers, or not?\",transfer_fee\n");
        Files.writeString(banking.resolve("test.csv"), "text,category\nwhere is my refund for order 4587345,refund\n");
        Path bitext = Files.createDirectories(dir.resolve("bitext-customer-support").resolve("data").resolve("train"));
        Files.writeString(bitext.resolve("Bitext_Sample_Customer_Support_Training_Dataset.csv"),
                "context,role,instruction,intent,entity_type,entity_value,start_offset,end_offset,category,tags,"
                + "response\n"
                + "customer support,virtual assistant,how can I cancel purchase 113542617735902?,cancel_order,"
                + "order_id,113542617735902,26,41,ORDER,BIL,\"Sure.\nStep 1, log in.\"\n");
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        int status = PiiEvalMain.run(new String[] {"--datasets", dir.toString()},
                new PrintStream(buffer, true, StandardCharsets.UTF_8));

        String out = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, out);
        for (String part : List.of("4 real questions", "## TUNE", "## HELD-OUT", "| card |", "| all |",
                "### HELD-OUT: recall per format", "| card, dots | no |", "### HELD-OUT: look-alikes",
                "| UUID |", "Real support questions: ")) {
            assertTrue(out.contains(part), part + " in\n" + out);
        }
    }

    @Test
    void should_say_where_the_datasets_are_missing(@TempDir Path dir) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        int status = PiiEvalMain.run(new String[] {"--datasets", dir.toString()},
                new PrintStream(buffer, true, StandardCharsets.UTF_8));

        assertEquals(2, status);
        assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("--datasets DIR"));
    }
}
