package io.switchboard.messaging;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.switchboard.error.HubError;

/**
 * The {@code text/plain} "creative" message format (API.md §9): header lines first, in any order, each
 * {@code NAME:value;} with NAME one of {@code TO}, {@code FROM}, {@code MEDIA_URLS} (comma-separated) or its
 * misspelling {@code MEDIAL_URLS}; the first line that is not such a header starts the text, which runs to the
 * end (so it may span lines). Blank lines between the headers and the text, and line breaks at the very end, are
 * not part of the text.
 *
 * <pre>
 * TO:+14155550100;
 * MEDIA_URLS:https://cdn.example/a.png,https://cdn.example/b.png;
 * Your order shipped.
 * Track it at https://shop.example/t/1
 * </pre>
 */
public final class CreativeFormat {

    private static final Pattern HEADER = Pattern.compile("^\\s*(TO|FROM|MEDIA_URLS|MEDIAL_URLS)\\s*:(.*);\\s*$",
            Pattern.CASE_INSENSITIVE);

    private CreativeFormat() {
    }

    public static MessageRequest parse(String input) {
        String[] lines = input.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1);
        Map<String, String> headers = new LinkedHashMap<>();
        int line = 0;
        for (; line < lines.length; line++) {
            Matcher header = HEADER.matcher(lines[line]);
            if (!header.matches()) {
                break;
            }
            String name = header.group(1).toUpperCase(Locale.ROOT);
            name = name.equals("MEDIAL_URLS") ? "MEDIA_URLS" : name;
            if (headers.put(name, header.group(2).trim()) != null) {
                throw HubError.invalidField(field(name), "is given twice in the header lines; give " + name
                        + " once");
            }
        }
        while (line < lines.length && lines[line].isBlank()) {
            line++;
        }
        String text = String.join("\n", Arrays.asList(lines).subList(line, lines.length))
                .replaceAll("\n+$", "");
        List<String> media = new ArrayList<>();
        String mediaHeader = headers.get("MEDIA_URLS");
        if (mediaHeader != null) {
            for (String url : mediaHeader.split(",")) {
                if (!url.isBlank()) {
                    media.add(url.trim());
                }
            }
        }
        if (!headers.containsKey("TO")) {
            throw HubError.invalidField("to", "is required: start the text/plain body with a line TO:+14155550100;"
                    + " (header lines NAME:value; come first, then the text)");
        }
        return new MessageRequest(emptyToNull(headers.get("TO")), emptyToNull(headers.get("FROM")),
                text.isEmpty() ? null : text, null, media, null);
    }

    private static String field(String header) {
        return switch (header) {
            case "TO" -> "to";
            case "FROM" -> "from";
            default -> "mediaUrls";
        };
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
