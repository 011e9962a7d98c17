package io.sendzen.logs.shared;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Tells a database that cannot be reached (answer 503, the client retries) from any other failure (500). */
public final class DatabaseFailures {

    private DatabaseFailures() {
    }

    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql) {
                if (isConnectionLost(sql)) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("Acquisition timeout") || message.contains("Unable to acquire")) {
                    return true;
                }
            }
            String name = t.getClass().getName();
            if (name.endsWith("JDBCConnectionException")) {
                return true;
            }
        }
        return false;
    }

    /** 08: connection exception; 57P01..57P03: the server is shutting down or starting. */
    public static boolean isConnectionLost(SQLException failure) {
        String state = failure.getSQLState();
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }
}
