package io.switchboard.store;

import java.util.Collection;

/**
 * A table family's rows that hang on rows of another family which the retention job (history.Retention) removes:
 * each owner removes its own, in the job's transaction, so that no package deletes another's rows.
 */
public interface Retained {

    /** What was removed: notifications (with their receipts), or lanes (with their replays). */
    enum Parent {
        NOTIFICATION, LANE
    }

    /** Removes, in the caller's transaction, this family's rows that hang on the removed {@code ids}; how many. */
    int removeWith(Parent parent, Collection<String> ids);
}
