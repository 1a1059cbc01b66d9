package io.switchboard.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * One owner per table family (docs/ARCHITECTURE.md, "Who owns which table"): SQL that names a table appears only in
 * its owner package; every other package goes through the owner's interface. A failure lists each file, the table
 * and the statement keyword that named it.
 */
class TableOwnersTest {

    /** Table → the top-level package under io.switchboard that alone may name it in SQL. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("organization", "tenant"), Map.entry("app_user", "tenant"), Map.entry("hub_setting", "tenant"),
            Map.entry("element", "element"),
            Map.entry("instance", "instance"), Map.entry("instance_config", "instance"),
            Map.entry("receipt", "event"), Map.entry("event", "event"), Map.entry("notification", "event"),
            Map.entry("delivery", "delivery"), Map.entry("delivery_attempt", "delivery"),
            Map.entry("delivery_lane", "delivery"), Map.entry("paused_target", "delivery"),
            Map.entry("replay", "history"),
            Map.entry("message", "messaging"), Map.entry("message_status", "messaging"),
            Map.entry("subscription", "subscription"), Map.entry("subscription_notification", "subscription"),
            Map.entry("console_session", "console"));

    /** A table named where SQL names one: after FROM, JOIN, INTO, UPDATE or TABLE (and DELETE FROM, TRUNCATE). */
    static final Pattern TABLE = Pattern.compile("(?i)\\b(from|join|into|update|table|truncate)\\s+([a-z_]+)\\b");

    static final Path MAIN = Path.of("src/main/java/io/switchboard");

    @Test
    void sqlNamesOnlyTheTablesOfItsOwnPackage() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (Path file : javaFiles()) {
            String owner = MAIN.relativize(file).getName(0).toString();
            for (String literal : stringLiterals(Files.readString(file))) {
                Matcher m = TABLE.matcher(literal);
                while (m.find()) {
                    String table = m.group(2).toLowerCase();
                    String tableOwner = OWNERS.get(table);
                    if (tableOwner != null && !tableOwner.equals(owner)) {
                        foreign.add(MAIN.relativize(file) + " names " + table + " (" + tableOwner + "'s) after "
                                + m.group(1).toUpperCase());
                    }
                }
            }
        }
        assertEquals(List.of(), foreign.stream().distinct().toList(),
                "SQL naming another owner's table; call the owner's interface instead");
    }

    /** The map above covers every table the migrations create, so a new table gets an owner. */
    @Test
    void everyTableHasAnOwner() throws IOException {
        TreeSet<String> created = new TreeSet<>();
        Pattern create = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_]+)");
        try (Stream<Path> migrations = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path migration : migrations.toList()) {
                Matcher m = create.matcher(Files.readString(migration));
                while (m.find()) {
                    created.add(m.group(1).toLowerCase());
                }
            }
        }
        assertTrue(created.size() > 10, "found the migrations: " + created);
        created.removeAll(OWNERS.keySet());
        assertEquals(new TreeSet<>(), created, "tables without an owner in TableOwnersTest.OWNERS");
    }

    @Test
    void theScanSeesSqlInTextBlocksAndPlainStrings() {
        List<String> literals = stringLiterals("""
                String a = "SELECT id FROM receipt WHERE x = 1";
                String b = \"""
                    UPDATE delivery
                    SET status = 'X'\""";
                """);
        assertEquals(2, literals.size(), literals.toString());
        assertTrue(TABLE.matcher(literals.get(0)).find());
        Matcher m = TABLE.matcher(literals.get(1));
        assertTrue(m.find());
        assertEquals("delivery", m.group(2));
    }

    private static List<Path> javaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> MAIN.relativize(f).getNameCount() > 1)
                    .sorted().toList();
        }
    }

    /** The string literals and text blocks of a Java source, comments left out. */
    static List<String> stringLiterals(String source) {
        List<String> literals = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
                i = source.indexOf('\n', i);
                i = i < 0 ? n : i;
            } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
                i = source.indexOf("*/", i + 2);
                i = i < 0 ? n : i + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = source.indexOf("\"\"\"", i + 3);
                end = end < 0 ? n : end;
                literals.add(source.substring(i + 3, end));
                i = end + 3;
            } else if (c == '"') {
                StringBuilder literal = new StringBuilder();
                i++;
                while (i < n && source.charAt(i) != '"') {
                    if (source.charAt(i) == '\\' && i + 1 < n) {
                        literal.append(source.charAt(i + 1));
                        i += 2;
                    } else {
                        literal.append(source.charAt(i++));
                    }
                }
                literals.add(literal.toString());
                i++;
            } else if (c == '\'') {
                i += source.charAt(i + 1) == '\\' ? 4 : 3; // a char literal such as '"' or '\n'
                i = Math.min(i, n);
            } else {
                i++;
            }
        }
        return literals;
    }
}
