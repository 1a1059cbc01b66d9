package io.switchboard.poll;

import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A poll's boundary as the instance stores it ({@code poll_boundary}): per resource, the (object id, updated)
 * pairs already reported that the next window covers again, as {@code {"contacts": [["7", "2026-…Z"], …]}}.
 */
final class Boundaries {

    private static final Logger LOG = Logger.getLogger(Boundaries.class);

    private Boundaries() {
    }

    static String encode(ObjectMapper mapper, Map<String, Set<Changes.Seen>> boundary) {
        ObjectNode json = mapper.createObjectNode();
        boundary.forEach((resource, pairs) -> {
            ArrayNode array = json.putArray(resource);
            pairs.forEach(pair -> array.addArray().add(pair.objectId()).add(pair.updated().toString()));
        });
        return json.toString();
    }

    /** The stored pairs; none when there are none or they cannot be read (then duplicates are not dropped). */
    static Map<String, Set<Changes.Seen>> decode(ObjectMapper mapper, String json) {
        Map<String, Set<Changes.Seen>> reported = new LinkedHashMap<>();
        if (json == null) {
            return reported;
        }
        try {
            mapper.readTree(json).fields().forEachRemaining(entry -> {
                Set<Changes.Seen> pairs = new LinkedHashSet<>();
                entry.getValue().forEach(pair -> pairs.add(new Changes.Seen(pair.path(0).asText(),
                        Instant.parse(pair.path(1).asText()))));
                reported.put(entry.getKey(), pairs);
            });
        } catch (IOException | RuntimeException e) {
            LOG.warnf("instance's poll boundary is unreadable; boundary duplicates are not dropped this time");
        }
        return reported;
    }
}
