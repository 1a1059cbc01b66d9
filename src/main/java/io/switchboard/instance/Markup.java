package io.switchboard.instance;

import java.util.regex.Pattern;

/** Names and tags are stored with HTML markup stripped, as Open Connectors does (API.md §4). */
final class Markup {

    /** A tag, a comment or a closing tag: {@code <a href="#">}, {@code </a>}, {@code <!-- x -->}. */
    private static final Pattern TAG = Pattern.compile("<!--.*?-->|</?[A-Za-z!][^<>]*>", Pattern.DOTALL);

    private Markup() {
    }

    /** The text without its markup, trimmed: {@code <a href="#">orders</a>} is {@code orders}. */
    static String strip(String text) {
        return TAG.matcher(text).replaceAll("").trim();
    }
}
