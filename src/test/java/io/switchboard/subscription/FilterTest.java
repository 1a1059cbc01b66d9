package io.switchboard.subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.event.Event;
import io.switchboard.event.EventType;

class FilterTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Event event(String objectId, EventType type, String json) {
        try {
            JsonNode object = MAPPER.readTree(json);
            return new Event("webhook", type, "customers", objectId, Instant.EPOCH, object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Event CA = event("123", EventType.UPDATED,
            "{\"state\":\"CA\",\"name\":\"O'Brien\",\"age\":42,\"vip\":true,\"score\":\"7.5\",\"note\":null,"
                    + "\"address\":{\"city\":\"Oakland\",\"geo\":{\"zip\":94601}},\"tags\":[\"a\",\"b\"]}");
    private static final Event NY = event("456", EventType.CREATED, "{\"state\":\"NY\",\"age\":17,\"vip\":false}");

    private static boolean matches(String filter, Event event) {
        return Filter.compile(filter).test(event);
    }

    @Test
    void emptyFilterMatchesEverything() {
        assertTrue(matches("", CA));
        assertTrue(matches("   ", NY));
        assertTrue(matches(null, NY));
    }

    @Test
    void stringEquality() {
        assertTrue(matches("state eq 'CA'", CA));
        assertFalse(matches("state eq 'CA'", NY));
        assertTrue(matches("state ne 'CA'", NY));
        assertTrue(matches("'CA' eq state", CA));
    }

    @Test
    void quotesAreEscapedByDoubling() {
        assertTrue(matches("name eq 'O''Brien'", CA));
        assertFalse(matches("name eq 'OBrien'", CA));
    }

    @Test
    void eachOrderingOperatorOnNumbers() {
        assertTrue(matches("age gt 41", CA));
        assertFalse(matches("age gt 42", CA));
        assertTrue(matches("age ge 42", CA));
        assertTrue(matches("age lt 43", CA));
        assertFalse(matches("age lt 42", CA));
        assertTrue(matches("age le 42", CA));
        assertTrue(matches("age eq 42.0", CA));
        assertTrue(matches("age gt -1.5e1", CA));
        assertTrue(matches("score gt 7", CA), "a string holding a number compares as a number");
    }

    @Test
    void stringsOrderLexicographically() {
        assertTrue(matches("state lt 'NY'", CA));
        assertTrue(matches("state ge 'NY'", NY));
    }

    @Test
    void booleanAndNullLiterals() {
        assertTrue(matches("vip eq true", CA));
        assertTrue(matches("vip eq false", NY));
        assertTrue(matches("vip ne false", CA));
        assertTrue(matches("note eq null", CA), "JSON null");
        assertTrue(matches("missing eq null", CA), "a missing field");
        assertFalse(matches("state eq null", CA));
        assertTrue(matches("state ne null", CA));
    }

    @Test
    void mismatchedTypesAreUnequalAndUnordered() {
        assertFalse(matches("state eq 1", CA));
        assertTrue(matches("state ne 1", CA));
        assertFalse(matches("state gt 1", CA));
        assertFalse(matches("vip eq 'true'", CA));
    }

    @Test
    void dottedAndSlashPaths() {
        assertTrue(matches("address.city eq 'Oakland'", CA));
        assertTrue(matches("address/geo/zip eq 94601", CA));
        assertTrue(matches("tags.1 eq 'b'", CA));
        assertFalse(matches("address.city eq 'Oakland'", NY));
    }

    @Test
    void eventFields() {
        assertTrue(matches("objectId eq '123'", CA));
        assertFalse(matches("objectId eq '123'", NY));
        assertTrue(matches("eventType eq 'CREATED'", NY));
        assertTrue(matches("objectType eq 'customers' and elementKey eq 'webhook'", NY));
    }

    private static Set<String> guards(String filter) {
        Set<Filter.Guard> guards = Filter.compile(filter).guards();
        return guards == null ? null
                : guards.stream().map(g -> g.fieldKey() + "=" + (g.isRange() ? "[" + g.low() + "," + g.high() + "]"
                        : g.valueKey())).collect(Collectors.toSet());
    }

    @Test
    void guardsAreTheEqualitiesAMatchNeeds() {
        assertEquals(Set.of("event:objectId=s:abc"), guards("objectId eq 'abc'"));
        assertEquals(Set.of("event:objectId=s:123", "event:objectId=n:123"), guards("objectId eq '123'"));
        assertEquals(Set.of("object:state=s:CA"), guards("age gt 3 and state eq 'CA'"));
        assertEquals(Set.of("object:a.b=n:1", "object:c=b:true"), guards("a.b eq 1.0 or c eq true"));
        assertEquals(Set.of("object:a=n:1", "object:c=[2.0,Infinity]"), guards("a eq 1 or c gt 2"));
        assertEquals(Set.of("object:s=[0.1,0.2]"), guards("s ge 0.1 and s lt 0.2"));
        assertEquals(Set.of("object:s=[-Infinity,5.0]"), guards("5 gt s"));
        assertEquals(Set.of("object:t=s:x"), guards("s ge 0.1 and t eq 'x'"));
        assertEquals(Set.of("object:state=s:CA"), guards("eventType eq 'DELETED' and state eq 'CA'"));
        assertEquals(Set.of("object:s=[1.0,Infinity]"), guards("eventType eq 'DELETED' and s ge 1"));
        assertEquals(null, guards("s gt 'abc'"));
        assertEquals(null, guards("a eq 1 or c ne 2"));
        assertEquals(null, guards("not a eq 1"));
        assertEquals(null, guards("a eq null"));
        assertEquals(null, guards("a ne 1"));
        assertEquals(null, guards(""));
    }

    @Test
    void valuesThatCompareEqualShareAnIndexKey() {
        List<Object[]> equal = List.of(new Object[] { 42L, 42.0 }, new Object[] { "42", 42L },
                new Object[] { "4.20", 4.2 }, new Object[] { 100L, new java.math.BigDecimal("1E+2") },
                new Object[] { "CA", "CA" }, new Object[] { true, true }, new Object[] { 0L, -0.0 });
        for (Object[] pair : equal) {
            if (FilterValues.compare(pair[0], pair[1]) == 0) {
                Set<String> a = Set.copyOf(FilterValues.keys(pair[0]));
                assertTrue(FilterValues.keys(pair[1]).stream().anyMatch(a::contains), pair[0] + " vs " + pair[1]);
            }
        }
        assertEquals(0, FilterValues.compare("42", 42L));
        assertEquals(0, FilterValues.compare(42L, 42.0));
    }

    @Test
    void notBindsTighterThanAndWhichBindsTighterThanOr() {
        // or(state eq 'NY', and(age gt 40, vip eq true)): true for CA
        assertTrue(matches("state eq 'NY' or age gt 40 and vip eq true", CA));
        // if 'or' bound tighter: and(or(..), vip eq true) -> false for NY (vip false); with precedence: true
        assertTrue(matches("state eq 'NY' or age gt 40 and vip eq true", NY));
        // not applies to the first comparison only: and(not(state eq 'NY'), age gt 40)
        assertTrue(matches("not state eq 'NY' and age gt 40", CA));
        assertFalse(matches("not state eq 'NY' and age gt 40", NY));
        // not(a) or b
        assertTrue(matches("not state eq 'CA' or age gt 40", CA));
        assertTrue(matches("not not state eq 'CA'", CA));
    }

    @Test
    void parenthesesOverridePrecedence() {
        assertFalse(matches("(state eq 'NY' or age gt 40) and vip eq true", NY));
        assertTrue(matches("(state eq 'NY' or age gt 40) and vip eq true", CA));
        assertFalse(matches("not (state eq 'NY' or age gt 40)", CA));
        assertTrue(matches("((state eq 'CA'))", CA));
    }

    @Test
    void errorsNameThePositionAndWhatWasExpected() {
        assertError("state eq", 9, "a field or a literal");
        assertError("state 'CA'", 7, "a comparison operator");
        assertError("state eq 'CA' and", 18, "a comparison, 'not' or '('");
        assertError("(state eq 'CA'", 15, "')'");
        assertError("state eq 'CA')", 14, "the end of the filter");
        assertError("state eq 'CA", 13, "closing quote");
        assertError("state eq 'CA' nor age gt 1", 15, "'and', 'or'");
        assertError("state == 'CA'", 7, "a field, a literal");
        assertError("address. eq 'x'", 9, "a field name after '.'");
        assertError("'a' eq 'b'", 1, "a field on one side");
        assertError("age gt 12abc", 8, "a number");
        assertError("", 0, null);
    }

    private static void assertError(String filter, int position, String expected) {
        if (expected == null) {
            return;
        }
        FilterSyntaxException e = assertThrows(FilterSyntaxException.class, () -> Filter.compile(filter), filter);
        assertEquals(position, e.position(), filter + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("at position " + position), e.getMessage());
        assertTrue(e.getMessage().contains(expected), filter + ": " + e.getMessage());
    }

    @Test
    void filtersOverTheLimitsAreRefusedNamingTheLimit() {
        String deep = "(".repeat(5_000) + "state eq 'CA'" + ")".repeat(5_000);
        assertTrue(assertThrows(FilterSyntaxException.class, () -> Filter.compile(deep)).getMessage()
                .contains("characters long; at most " + Filter.MAX_LENGTH));
        String nested = "(".repeat(Filter.MAX_DEPTH + 1) + "state eq 'CA'" + ")".repeat(Filter.MAX_DEPTH + 1);
        assertTrue(assertThrows(FilterSyntaxException.class, () -> Filter.compile(nested)).getMessage()
                .contains("nested deeper than " + Filter.MAX_DEPTH));
        String nots = "not ".repeat(Filter.MAX_DEPTH + 1) + "state eq 'CA'";
        assertThrows(FilterSyntaxException.class, () -> Filter.compile(nots));
        String chain = chain(Filter.MAX_TERMS + 1, " and ");
        assertTrue(assertThrows(FilterSyntaxException.class, () -> Filter.compile(chain)).getMessage()
                .contains("more than " + Filter.MAX_TERMS + " comparisons"));
    }

    @Test
    void filtersAtTheLimitsCompileAndEvaluate() {
        for (String joint : List.of(" and ", " or ")) {
            Filter filter = Filter.compile(chain(Filter.MAX_TERMS, joint));
            assertEquals(joint.equals(" or "), filter.test(CA));
            filter.guards();
        }
        String nested = "(".repeat(Filter.MAX_DEPTH) + "state eq 'CA'" + ")".repeat(Filter.MAX_DEPTH);
        assertTrue(Filter.compile(nested).test(CA));
        assertTrue(Filter.compile("not ".repeat(Filter.MAX_DEPTH) + "state eq 'CA'").test(CA));
    }

    @Test
    void aStoredFilterOverTheLimitsMatchesNothingInsteadOfFailing() {
        Filter stored = Filter.compileStored(chain(5_001, " and "));
        assertFalse(stored.test(CA));
    }

    /** {@code state eq 'CA' <joint> age eq 0 <joint> age eq 1 …}: terms comparisons. */
    private static String chain(int terms, String joint) {
        StringBuilder filter = new StringBuilder("state eq 'CA'");
        for (int i = 1; i < terms; i++) {
            filter.append(joint).append("age eq ").append(i + 1000);
        }
        return filter.toString();
    }
}
