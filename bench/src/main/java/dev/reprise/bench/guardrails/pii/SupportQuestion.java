package dev.reprise.bench.guardrails.pii;

import dev.reprise.bench.eval.PublicDatasets;
import dev.reprise.bench.eval.StreamQuery;

import java.util.ArrayList;
import java.util.List;

/**
 * A real customer-support question, read in place from the public datasets: Bitext's customer-service utterances
 * (CDLA-Sharing-1.0) and BANKING77's queries (CC BY 4.0). Never copied into the repository.
 */
record SupportQuestion(String id, String text) {

    static List<SupportQuestion> read(PublicDatasets datasets) {
        List<SupportQuestion> out = new ArrayList<>();
        add(out, "bitext-", datasets.bitext());
        add(out, "banking77-train-", datasets.banking77("train"));
        add(out, "banking77-test-", datasets.banking77("test"));
        return out;
    }

    private static void add(List<SupportQuestion> out, String prefix, List<StreamQuery> rows) {
        for (int i = 0; i < rows.size(); i++) {
            out.add(new SupportQuestion(prefix + i, rows.get(i).q()));
        }
    }
}
