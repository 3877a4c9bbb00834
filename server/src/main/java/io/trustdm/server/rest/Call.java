package io.trustdm.server.rest;

import java.util.List;
import java.util.Map;

/**
 * One API call as a route sees it: path parameters, query parameters, the body (empty when none), and the caller's
 * remote address (for audit records).
 */
record Call(Map<String, String> path, Map<String, List<String>> query, byte[] body, String remote) {
    String path(String name) {
        return path.get(name);
    }

    /** The single value of a query parameter, or {@code null}; a repeated parameter is a 400. */
    String query(String name) {
        List<String> v = query.get(name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        if (v.size() > 1) {
            throw new HttpProblem(400, "query parameter " + name + " given more than once");
        }
        return v.get(0).isEmpty() ? null : v.get(0);
    }

    int intQuery(String name, int dflt) {
        String v = query(name);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new HttpProblem(400, "query parameter " + name + " must be an integer");
        }
    }

    boolean hasBody() {
        return body.length > 0;
    }
}
