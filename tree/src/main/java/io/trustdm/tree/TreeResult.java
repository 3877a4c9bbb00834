package io.trustdm.tree;

import io.trustdm.protocol.message.StatusCode;
import java.util.List;

/**
 * The outcome of one tree command on one item: the DM status to put in the Status, what a Get read (empty for other
 * commands and for failures), and, when the failure concerns another node than the target (an implicitly created
 * ancestor, a node inside a TNDS object), that node's URI for the Status item.
 */
public record TreeResult(int status, List<ResultItem> items, String failedUri) {
    public TreeResult {
        items = List.copyOf(items);
    }

    public static TreeResult of(int status) {
        return new TreeResult(status, List.of(), null);
    }

    public static TreeResult ok() {
        return of(StatusCode.OK);
    }

    public static TreeResult ok(List<ResultItem> items) {
        return new TreeResult(StatusCode.OK, items, null);
    }

    static TreeResult failure(TreeException e) {
        return new TreeResult(e.status(), List.of(), e.uri());
    }

    /** True for 2xx statuses. */
    public boolean isSuccess() {
        return StatusCode.isSuccess(status);
    }

    /** The single item a plain Get or {@code ?prop=} Get produced. */
    public ResultItem item() {
        if (items.size() != 1) {
            throw new IllegalStateException("result has " + items.size() + " items");
        }
        return items.get(0);
    }
}
