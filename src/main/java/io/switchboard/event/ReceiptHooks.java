package io.switchboard.event;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/** Runs every {@link ReceiptHook} for a new receipt, on the receipt's connection and in its transaction. */
@ApplicationScoped
class ReceiptHooks {

    private final List<ReceiptHook> hooks;

    ReceiptHooks(Instance<ReceiptHook> hooks) {
        this.hooks = hooks.stream().toList();
    }

    /** Lets each hook add its rows for a new receipt with events; returns the PENDING deliveries they created. */
    int run(Connection connection, ReceiptStore.Write write) throws SQLException {
        List<Event> events = write.events();
        if (events.isEmpty() || hooks.isEmpty()) {
            return 0;
        }
        String[] eventNotifications = new String[events.size()];
        for (ReceiptStore.Page page : write.pages()) {
            for (int i = page.from(); i < page.to(); i++) {
                eventNotifications[i] = page.id();
            }
        }
        ReceiptHook.StoredReceipt stored = new ReceiptHook.StoredReceipt(write.incoming().instance(),
                write.receiptId(), events, Arrays.asList(eventNotifications));
        int pending = 0;
        for (ReceiptHook hook : hooks) {
            pending += hook.stored(connection, stored);
        }
        return pending;
    }
}
