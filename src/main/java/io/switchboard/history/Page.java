package io.switchboard.history;

import java.util.List;

/** One page of a list, and the token of the next page (null on the last page). */
public record Page<T>(List<T> items, String nextPageToken) {
}
