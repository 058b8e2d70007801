package dev.reprise.gateway.ledger;

import java.util.List;

/** A page of ledger rows, most recent first, and the cursor of the next (older) page, or null at the end. */
public record RequestPage(List<LedgerRow> rows, RequestCursor next) {

    public RequestPage {
        rows = List.copyOf(rows);
    }
}
