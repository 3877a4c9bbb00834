package io.trustdm.server.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One route of the REST API: an HTTP method and a path template below {@code /api/v1} such as
 * {@code /devices/{deviceId}/jobs}, whether it needs the bearer token, and what answers it.
 */
record Route(String method, String template, boolean authenticated, Action action) {

    /** What a route does with a call: returns the reply. */
    @FunctionalInterface
    interface Action {
        Reply handle(Call call) throws Exception;
    }

    /** The template's segments, e.g. ["devices", "{deviceId}", "jobs"]. */
    List<String> segments() {
        List<String> out = new ArrayList<>();
        for (String s : template.substring(1).split("/", -1)) {
            out.add(s);
        }
        return out;
    }

    /** The path parameters when {@code path} (decoded segments) fits this template, else {@code null}. */
    Map<String, String> match(List<String> path) {
        List<String> t = segments();
        if (t.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            String seg = t.get(i);
            if (seg.startsWith("{") && seg.endsWith("}")) {
                if (path.get(i).isEmpty()) {
                    return null;
                }
                params.put(seg.substring(1, seg.length() - 1), path.get(i));
            } else if (!seg.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }
}
