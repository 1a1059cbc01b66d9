package io.switchboard.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;

/** The index's guards only narrow which filters are tested: it finds exactly what testing every filter finds. */
class SubscriptionIndexTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] TEMPLATES = {
            "objectId eq '%d'", "state eq 'S%d' and age gt %d", "(city eq 'C%d' or zip eq %d) and not vip eq true",
            "score ge 0.%d and score lt 0.%d9 or eventType eq 'DELETED'", "age le %d", "%d lt age and age lt 50",
            "zip eq '%d' or state eq 'S%d'", "code eq %d.0", "not state eq 'S%d'", "score gt %d or age eq %d",
            "state ge 'S%d'", "nested.n ge %d and nested.n le %d", "amount eq '%d'" };

    @Test
    void guardedIndexFindsWhatTestingEveryFilterFinds() throws Exception {
        Random random = new Random(42);
        SubscriptionIndex.Bucket bucket = new SubscriptionIndex.Bucket();
        Map<String, Integer> slots = new HashMap<>();
        List<Subscription> all = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String template = TEMPLATES[i % TEMPLATES.length];
            Filter filter = Filter.compile(String.format(template, random.nextInt(20), random.nextInt(20)));
            filter.bind(slots);
            Subscription s = new Subscription("sub_" + i, 1, 1, null, 1L, null, "customers", filter,
                    EnumSet.allOf(EventType.class), null, true, PushFormat.JSON, Instant.EPOCH);
            all.add(s);
            bucket.add(s);
        }
        bucket.build();
        EventType[] types = EventType.values();
        for (int e = 0; e < 2000; e++) {
            String json = String.format(
                    "{\"state\":\"S%d\",\"age\":%d,\"city\":\"C%d\",\"zip\":%s,\"vip\":%s,\"score\":%s,"
                            + "\"code\":%d,\"nested\":{\"n\":%s},\"amount\":%s}",
                    random.nextInt(20), random.nextInt(60), random.nextInt(20),
                    random.nextBoolean() ? String.valueOf(random.nextInt(20)) : "\"" + random.nextInt(20) + "\"",
                    random.nextBoolean(), random.nextBoolean() ? String.valueOf(random.nextDouble())
                            : "\"0." + random.nextInt(100) + "\"",
                    random.nextInt(20), random.nextBoolean() ? String.valueOf(random.nextInt(20)) : "null",
                    random.nextBoolean() ? random.nextInt(20) + ".0" : "\"" + random.nextInt(20) + "\"");
            Event event = new Event("webhook", types[random.nextInt(types.length)], "customers",
                    String.valueOf(random.nextInt(20)), Instant.EPOCH, MAPPER.readTree(json));
            Set<String> expected = all.stream().filter(s -> s.matches(event)).map(Subscription::id)
                    .collect(Collectors.toSet());
            Filter.Values values = Filter.Values.of(event, slots.size());
            List<Subscription> candidates = new ArrayList<>();
            bucket.candidates(values, candidates);
            Set<String> found = candidates.stream().filter(s -> s.matches(values)).map(Subscription::id)
                    .collect(Collectors.toSet());
            assertEquals(expected, found, json);
            assertEquals(candidates.size(), Set.copyOf(candidates).size(), "no subscription is a candidate twice");
        }
    }

    @Test
    void rangeIndexFindsTheIntervalsThatContainAPoint() {
        Random random = new Random(7);
        RangeIndex<Integer> index = new RangeIndex<>();
        double[][] intervals = new double[500][];
        for (int i = 0; i < intervals.length; i++) {
            double low = random.nextInt(10) == 0 ? Double.NEGATIVE_INFINITY : random.nextDouble() * 100;
            double high = random.nextInt(10) == 0 ? Double.POSITIVE_INFINITY : low + random.nextDouble() * 20;
            intervals[i] = new double[] { low, high };
            index.add(low, high, i);
        }
        index.build();
        for (int q = 0; q < 1000; q++) {
            double x = random.nextDouble() * 130 - 10;
            Set<Integer> expected = new java.util.HashSet<>();
            for (int i = 0; i < intervals.length; i++) {
                if (intervals[i][0] <= x && x <= intervals[i][1]) {
                    expected.add(i);
                }
            }
            Set<Integer> found = new java.util.HashSet<>();
            index.containing(x, found::add);
            assertEquals(expected, found, "x = " + x);
        }
    }
}
